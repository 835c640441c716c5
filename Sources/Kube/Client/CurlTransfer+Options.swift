internal import CCurl

extension CurlTransfer {
    /// Sets every option of `easy`: URL, headers, timeouts, TLS trust and identity, callbacks.
    ///
    /// - Returns: the first option libcurl refused, or `CURLE_OK`.
    func configure(
        _ easy: UnsafeMutableRawPointer,
        headers: UnsafeMutablePointer<curl_slist>?,
        errorBuffer: UnsafeMutablePointer<CChar>,
        sink: TransferSink
    ) -> CURLcode {
        var results: [CURLcode] = [
            earshot_curl_set_string(easy, CURLOPT_URL, self.url),
            earshot_curl_set_pointer(easy, CURLOPT_HTTPHEADER, headers),
            earshot_curl_set_string(easy, CURLOPT_USERAGENT, "earshot"),
            earshot_curl_set_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)),
            earshot_curl_set_long(easy, CURLOPT_NOSIGNAL, 1),
            earshot_curl_set_long(easy, CURLOPT_FOLLOWLOCATION, 0),
            earshot_curl_set_string(easy, CURLOPT_PROTOCOLS_STR, "https,http"),
            earshot_curl_set_long(easy, CURLOPT_TCP_KEEPALIVE, 1),
            earshot_curl_set_long(easy, CURLOPT_CONNECTTIMEOUT_MS, self.connectTimeoutMilliseconds),
            earshot_curl_set_long(easy, CURLOPT_TIMEOUT_MS, self.totalTimeoutMilliseconds),
            earshot_curl_set_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer),
        ]
        if self.acceptsCompression {
            // An empty string offers every encoding this libcurl decodes.
            results.append(earshot_curl_set_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        }
        results += self.configureTLS(easy)
        results += Self.configureCallbacks(easy, sink: sink)
        return results.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    /// Server verification and client identity.
    private func configureTLS(_ easy: UnsafeMutableRawPointer) -> [CURLcode] {
        var results: [CURLcode] = []
        let verifies = !self.config.skipsTLSVerification
        results.append(earshot_curl_set_long(easy, CURLOPT_SSL_VERIFYPEER, verifies ? 1 : 0))
        results.append(earshot_curl_set_long(easy, CURLOPT_SSL_VERIFYHOST, verifies ? 2 : 0))
        if let authority = self.config.certificateAuthority {
            // Pinning: only the cluster CA, not the system's CA directory as well.
            results.append(earshot_curl_set_string(easy, CURLOPT_CAPATH, nil))
            results.append(
                Self.set(authority, file: CURLOPT_CAINFO, blob: CURLOPT_CAINFO_BLOB, easy)
            )
        }
        if let certificate = self.config.clientCertificate {
            results.append(earshot_curl_set_string(easy, CURLOPT_SSLCERTTYPE, "PEM"))
            results.append(
                Self.set(certificate, file: CURLOPT_SSLCERT, blob: CURLOPT_SSLCERT_BLOB, easy)
            )
        }
        if let key = self.config.clientKey {
            results.append(earshot_curl_set_string(easy, CURLOPT_SSLKEYTYPE, "PEM"))
            results.append(Self.set(key, file: CURLOPT_SSLKEY, blob: CURLOPT_SSLKEY_BLOB, easy))
        }
        return results
    }

    /// Sets a PEM credential as a file path or as inline bytes (copied by libcurl).
    private static func set(
        _ credential: Credential,
        file: CURLoption,
        blob: CURLoption,
        _ easy: UnsafeMutableRawPointer
    ) -> CURLcode {
        switch credential {
        case .file(let path):
            return earshot_curl_set_string(easy, file, path)
        case .data(let bytes):
            // Safe: the blob is flagged CURL_BLOB_COPY, so libcurl copies the bytes before
            // the pointer goes out of scope.
            var copy = bytes
            return copy.withUnsafeMutableBytes { buffer in
                earshot_curl_set_blob(easy, blob, buffer.baseAddress, buffer.count)
            }
        }
    }

    /// The write and progress callbacks, both reaching `sink` through their user pointer.
    private static func configureCallbacks(
        _ easy: UnsafeMutableRawPointer,
        sink: TransferSink
    ) -> [CURLcode] {
        // Safe: `CurlTransfer.run` keeps `sink` alive (withExtendedLifetime) until the handle
        // is removed from its multi handle, and libcurl calls back only from inside
        // curl_multi_perform on that same thread; `data` holds `size * count` bytes.
        let context = Unmanaged.passUnretained(sink).toOpaque()
        return [
            earshot_curl_set_write_callback(easy) { data, size, count, context in
                guard let context else {
                    return 0
                }
                let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
                let length = size * count
                return sink.receive(UnsafeRawBufferPointer(start: data, count: length))
                    ? length : 0
            },
            earshot_curl_set_pointer(easy, CURLOPT_WRITEDATA, context),
            earshot_curl_set_long(easy, CURLOPT_NOPROGRESS, 0),
            earshot_curl_set_progress_callback(easy) { context, _, _, _, _ in
                guard let context else {
                    return 1
                }
                let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
                return sink.isCancelled ? 1 : 0
            },
            earshot_curl_set_pointer(easy, CURLOPT_XFERINFODATA, context),
        ]
    }
}
