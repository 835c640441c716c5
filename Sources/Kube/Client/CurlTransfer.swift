internal import CCurl

/// One HTTPS GET through libcurl, run on the calling thread until it ends or is cancelled.
///
/// It drives libcurl's multi interface rather than `curl_easy_perform` so that a cancel from
/// another thread wakes the socket wait at once (`curl_multi_wakeup`) instead of at libcurl's
/// next progress tick. A 200 response body goes to `onBody`; any other status keeps the first
/// `maxErrorBodyBytes` of the body for the Status message.
struct CurlTransfer {
    /// What libcurl reported when the transfer ended.
    struct Outcome {
        /// libcurl's result (`CURLE_OK` = 0 when the whole response arrived).
        var code: Int
        /// The HTTP status, 0 when no response head arrived.
        var status: Int
        /// libcurl's explanation of a failure.
        var message: String
        /// The start of the body of a non-200 response.
        var errorBody: [UInt8]
        /// Whether `onBody` asked to stop.
        var isStoppedByReceiver: Bool
    }

    /// The longest error body kept for its Status message.
    static let maxErrorBodyBytes = 64 * 1024

    /// The URL, with path and query.
    var url: String
    /// Extra request header lines (`Name: value`).
    var headers: [String]
    /// The TLS and identity settings.
    var config: APIServerConfig
    /// How long to wait for the connection, in milliseconds.
    var connectTimeoutMilliseconds: Int
    /// How long the whole transfer may take, in milliseconds; 0 for no limit.
    var totalTimeoutMilliseconds: Int
    /// Whether to ask for a compressed body.
    var acceptsCompression: Bool

    /// Runs the transfer, handing each piece of a 200 body to `onBody` as it arrives; `onBody`
    /// returns `false` to stop the transfer.
    ///
    /// - Throws: `.cancelled` when `cancellation` fired; libcurl failures come back in the
    ///   outcome, for the caller to classify.
    func run(
        cancellation: CancellationFlag,
        onBody: (UnsafeRawBufferPointer) -> Bool
    ) throws(APIClientError) -> Outcome {
        CurlGlobal.ensureInitialised()
        // Safe: curl_easy_init returns NULL only when out of memory.
        let easy = curl_easy_init()!
        defer { curl_easy_cleanup(easy) }
        return try withoutActuallyEscaping(onBody) { onBody throws(APIClientError) -> Outcome in
            let sink = TransferSink(easy: easy, cancellation: cancellation, onBody: onBody)
            return try withExtendedLifetime(sink) { () throws(APIClientError) -> Outcome in
                try self.perform(easy: easy, sink: sink, cancellation: cancellation)
            }
        }
    }

    /// Configures `easy`, runs it to its end and reports the outcome.
    private func perform(
        easy: UnsafeMutableRawPointer,
        sink: TransferSink,
        cancellation: CancellationFlag
    ) throws(APIClientError) -> Outcome {
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        for header in self.headers {
            headerList = curl_slist_append(headerList, header)
        }
        defer {
            // The handle outlives this call: it must not point at what is freed here.
            earshot_curl_set_pointer(easy, CURLOPT_ERRORBUFFER, nil)
            earshot_curl_set_pointer(easy, CURLOPT_HTTPHEADER, nil)
            errorBuffer.deallocate()
            curl_slist_free_all(headerList)
        }

        let setup = self.configure(easy, headers: headerList, errorBuffer: errorBuffer, sink: sink)
        if setup != CURLE_OK {
            let message = String(cString: curl_easy_strerror(setup))
            // The settings libcurl can refuse are the TLS ones (a CA, certificate or key blob).
            throw .tls(message: "libcurl refused a setting: \(message)", server: self.config.server)
        }
        let code = try Self.drive(easy, cancellation: cancellation)

        if cancellation.isCancelled {
            throw .cancelled
        }
        var message = String(cString: errorBuffer)
        if message.isEmpty, code != CURLE_OK {
            message = String(cString: curl_easy_strerror(code))
        }
        var status = sink.status
        if status == 0 {
            earshot_curl_get_response_code(easy, &status)
        }
        return Outcome(
            code: Int(code.rawValue),
            status: status,
            message: message,
            errorBody: sink.errorBody,
            isStoppedByReceiver: sink.isStoppedByReceiver
        )
    }

    /// Runs `easy` in a multi handle until it completes; returns its result.
    private static func drive(
        _ easy: UnsafeMutableRawPointer,
        cancellation: CancellationFlag
    ) throws(APIClientError) -> CURLcode {
        // Safe: curl_multi_init returns NULL only when out of memory.
        let multi = curl_multi_init()!
        curl_multi_add_handle(multi, easy)
        cancellation.register(multi: multi)
        defer {
            cancellation.register(multi: nil)
            curl_multi_remove_handle(multi, easy)
            curl_multi_cleanup(multi)
        }
        var running: Int32 = 1
        while true {
            if cancellation.isCancelled {
                throw .cancelled
            }
            let performed = curl_multi_perform(multi, &running)
            if performed != CURLM_OK {
                return CURLE_OUT_OF_MEMORY
            }
            if running == 0 {
                return Self.result(of: multi)
            }
            // Wakes on socket activity, on cancel (curl_multi_wakeup) or after a second.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    /// The result of the one finished transfer in `multi`.
    private static func result(of multi: UnsafeMutableRawPointer) -> CURLcode {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            if message.pointee.msg == CURLMSG_DONE {
                return message.pointee.data.result
            }
        }
        return CURLE_GOT_NOTHING
    }
}

/// Initialises libcurl once per process, before any handle exists.
enum CurlGlobal {
    /// The result of `curl_global_init`, computed on first use (thread-safe, once).
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Runs `curl_global_init` if it has not run yet.
    static func ensureInitialised() {
        _ = Self.initialised
    }
}
