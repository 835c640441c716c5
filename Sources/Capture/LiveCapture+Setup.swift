internal import CPcap

/// The steps that take a `pcap_create` handle to a running, filtered capture.
extension LiveCapture {
    /// Applies the options libpcap takes before activation.
    ///
    /// The setters fail only on an already activated handle, which this one is not, so their
    /// results are not checked. Nanosecond timestamps are requested; when the kernel cannot
    /// give them, libpcap stays on microseconds and reads scale them.
    static func configure(_ handle: OpaquePointer, options: LiveCaptureOptions) {
        // Safe: `LiveCaptureOptions.validate()` ran first, so every number fits in Int32.
        pcap_set_snaplen(handle, Int32(options.snapLength))
        pcap_set_promisc(handle, options.isPromiscuous ? 1 : 0)
        pcap_set_timeout(handle, Int32(options.readTimeoutMs))
        pcap_set_buffer_size(handle, Int32(options.bufferSizeBytes))
        pcap_set_immediate_mode(handle, 1)
        pcap_set_tstamp_precision(handle, PCAP_TSTAMP_PRECISION_NANO)
    }

    /// Activates the handle and turns a failure into the error the operator can act on.
    ///
    /// - Returns: libpcap's warning text when activation succeeded with a warning.
    static func activate(
        _ handle: OpaquePointer,
        interface: String
    ) throws(CaptureError) -> String? {
        let status = pcap_activate(handle)
        if status == 0 {
            return nil
        }
        if status > 0 {
            return Self.statusText(handle, status: status)
        }

        switch status {
        case PCAP_ERROR_PERM_DENIED:
            throw .permissionDenied(interface: interface)
        case PCAP_ERROR_NO_SUCH_DEVICE:
            let available = (try? Libpcap.interfaceNames()) ?? []
            throw .noSuchInterface(interface: interface, available: available)
        case PCAP_ERROR_IFACE_NOT_UP:
            throw .interfaceNotUp(interface: interface)
        case PCAP_ERROR_PROMISC_PERM_DENIED:
            let reason = "no permission for promiscuous mode, capture without it"
            throw .captureFailed(interface: interface, reason: reason)
        default:
            let reason = Self.statusText(handle, status: status)
            throw .captureFailed(interface: interface, reason: reason)
        }
    }

    /// Moves a Linux cooked v1 capture to cooked v2 when the handle offers it.
    ///
    /// Any other link type is left alone, and so is v1 when v2 is not offered or the switch
    /// fails: readers handle both. Must run after activation and before the filter compiles,
    /// since the filter's offsets depend on the link type.
    static func switchToCookedV2(_ handle: OpaquePointer) {
        guard pcap_datalink(handle) == LinkType.linuxCooked.rawValue else {
            return
        }
        var list: UnsafeMutablePointer<Int32>?
        let count = pcap_list_datalinks(handle, &list)
        guard count > 0, let list else {
            return
        }
        defer { pcap_free_datalinks(list) }

        let offered = UnsafeBufferPointer(start: list, count: Int(count))
        if offered.contains(LinkType.linuxCookedV2.rawValue) {
            // On failure libpcap keeps the current link type, which is still v1.
            _ = pcap_set_datalink(handle, LinkType.linuxCookedV2.rawValue)
        }
    }

    /// Compiles `filter` and installs it on the handle; an empty filter installs nothing.
    ///
    /// - Throws: `.badFilter` with libpcap's text when it does not compile or install.
    static func install(filter: String, on handle: OpaquePointer) throws(CaptureError) {
        if filter.isEmpty {
            return
        }
        var program = bpf_program()
        let optimize: Int32 = 1
        guard pcap_compile(handle, &program, filter, optimize, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw .badFilter(filter: filter, reason: Libpcap.lastError(of: handle))
        }
        defer { pcap_freecode(&program) }

        guard pcap_setfilter(handle, &program) == 0 else {
            throw .badFilter(filter: filter, reason: Libpcap.lastError(of: handle))
        }
    }

    /// Puts the handle in non-blocking mode and returns the descriptor to poll for packets.
    ///
    /// - Throws: `.captureFailed` when libpcap refuses (it gives no pollable descriptor).
    static func makeNonBlocking(
        _ handle: OpaquePointer,
        interface: String
    ) throws(CaptureError) -> Int32 {
        var errorBuffer = Libpcap.makeErrorBuffer()
        guard pcap_setnonblock(handle, 1, &errorBuffer) == 0 else {
            let reason = Libpcap.message(fromErrorBuffer: errorBuffer)
            throw .captureFailed(interface: interface, reason: reason)
        }
        let descriptor = pcap_get_selectable_fd(handle)
        guard descriptor >= 0 else {
            let reason = "libpcap gives no descriptor to wait on for this interface"
            throw .captureFailed(interface: interface, reason: reason)
        }
        return descriptor
    }

    /// libpcap's message for an activation status: its detailed text when it left one, else
    /// the generic text for the code.
    private static func statusText(_ handle: OpaquePointer, status: Int32) -> String {
        if let detail = pcap_geterr(handle), detail.pointee != 0 {
            return Libpcap.tidy(String(cString: detail))
        }
        return Libpcap.tidy(String(cString: pcap_statustostr(status)))
    }
}
