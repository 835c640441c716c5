/// The broad class of a libcurl result code, for choosing an `APIClientError`.
enum CurlErrorKind: Equatable {
    /// The transfer finished.
    case none
    /// TLS: handshake, verification, or an unusable CA, certificate or key.
    case tls
    /// Anything else: resolving, connecting, sending, receiving, timing out.
    case transport

    /// Classifies a `CURLcode` value.
    init(code: Int) {
        switch code {
        case 0:
            self = .none
        // SSL_CONNECT_ERROR, SSL_ENGINE_NOTFOUND, SSL_ENGINE_SETFAILED, SSL_CERTPROBLEM,
        // SSL_CIPHER, PEER_FAILED_VERIFICATION, USE_SSL_FAILED, SSL_ENGINE_INITFAILED,
        // SSL_CACERT_BADFILE, SSL_SHUTDOWN_FAILED, SSL_CRL_BADFILE, SSL_ISSUER_ERROR,
        // SSL_PINNEDPUBKEYNOTMATCH, SSL_INVALIDCERTSTATUS, SSL_CLIENTCERT.
        case 35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98:
            self = .tls
        default:
            self = .transport
        }
    }
}
