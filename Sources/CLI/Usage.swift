/// The text of `earshot --help` and the one-line usage printed with usage errors.
enum Usage {
    static let synopsis = """
        usage: earshot replay FILE [options]
               earshot capture [-i IFACE] [-f FILTER] [options]
               earshot bench [--packets N] [--write FILE]
        """

    static let help = """
        earshot: passive HTTP/1.x latency monitor

        earshot watches TCP traffic (a capture file, or a live interface), puts every
        connection's two byte streams back in order, parses the HTTP/1.x requests and
        responses in them, pairs each request with its response and reports exchanges
        slower than a threshold, one JSON object per line. It never sends a packet.

        \(synopsis)

        COMMANDS
          replay FILE        read a pcap or pcapng file (as written by tcpdump -w)
          capture            capture live; needs root or CAP_NET_RAW; stop with Ctrl-C
          bench              measure replay speed on synthetic traffic against a bare
                             libpcap read loop in the same run; --write FILE only
                             writes the synthetic capture

        WHAT TO REPORT
          --slow MS          report exchanges that took at least MS milliseconds from the
                             request's first byte to the response's last byte (default 500)
          --all              report every exchange, fast ones too
          --strip-query      drop query strings (?a=b) from reported paths

        OUTPUT
          --format FORMAT    json (JSON Lines) or text (aligned columns); default: text
                             when standard output is a terminal, json otherwise
          --output FILE      append the report to FILE instead of standard output
          --log-level LEVEL  error, warning, info (default), debug or trace; logs and
                             the closing summary go to standard error

        LIVE CAPTURE
          -i, --interface IFACE   interface to capture on (default: any)
          -f, --filter FILTER     BPF capture filter (default: tcp), e.g. 'tcp port 8080'
          -s, --snaplen BYTES     bytes kept per packet (0 or default: whole packets); with fewer,
                                  bodies are counted from the IP lengths and exchanges
                                  are flagged truncated
          -B, --buffer-size MIB   kernel capture buffer (default: 32)
          -p, --promiscuous       capture other hosts' traffic too (off by default)
          --stats-interval S      print a summary every S seconds (default: 60, 0: never)
          --heartbeat-file PATH   rewrite PATH every 5 s while the capture loop runs (for a
                                  liveness probe that checks its age)

        POD NAMES
          --pods-file FILE        name pods from 'kubectl get pods,services,nodes -A -o json'
          --kubeconfig FILE       kubeconfig to reach the API (without it: in a pod, its
                                  service account; else $KUBECONFIG, then ~/.kube/config)
          --context NAME          kubeconfig context (default: the current one)
          -n, --namespace NS      report only exchanges with an end in NS (repeatable)
          -l, --selector SEL      ... with an end whose pod labels match SEL (app=web,...)
          --labels K1,K2          pod labels to print (default: the well-known app labels)
          --node-name NAME        this capture's node (default $NODE_NAME)
          --vantage all|dedupe    report each exchange on every node, or once per cluster
                                  from the server's node (default dedupe)
          --insecure-skip-tls-verify  accept any API server certificate
          --no-kube               never look for pod names

        TRACKING
          --idle-timeout S        forget a connection silent for S seconds (default: 120);
                                  its unanswered requests are reported with outcome timeout
          --max-connections N     connections tracked at once (default: 100000)

        EXAMPLES
          earshot replay fixtures/demo.pcap
          earshot replay trace.pcap --all --format json | jq .duration_ms
          earshot capture -i eth0 -f 'tcp port 80' --slow 200
          earshot capture --output /var/log/earshot/slow.jsonl

        Each report line says who called whom (client, server), what was asked (method,
        host, path) and answered (status), how long it took (duration_ms), how long the
        server thought before answering (wait_ms) and how the exchange ended (outcome).
        Options may come before or after FILE, as --name VALUE or --name=VALUE.
        Exit status: 0 on success, 1 when the input failed, 64 for a usage error.
        """
}
