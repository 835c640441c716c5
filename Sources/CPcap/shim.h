#ifndef EARSHOT_CPCAP_SHIM_H
#define EARSHOT_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
