/// A bounds-checked, read-only view of borrowed bytes for decoding wire headers.
///
/// Every read takes an offset from the start of the view and returns `nil` when the bytes run
/// short, so a lying length field can never read past the buffer. Multi-byte reads are
/// big-endian (network order) unless their name says otherwise.
///
/// The view borrows whatever buffer it was made from: it is valid only as long as that buffer,
/// which for a packet means inside the `decode` call that lent it.
struct ByteCursor {
    /// The viewed bytes, indexed from zero.
    let bytes: UnsafeRawBufferPointer

    /// Creates a view over `bytes`, rebased so its first byte is at offset 0.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Creates a view over a slice of a buffer, rebased so the slice starts at offset 0.
    init(rebasing slice: Slice<UnsafeRawBufferPointer>) {
        self.bytes = UnsafeRawBufferPointer(rebasing: slice)
    }

    /// How many bytes the view holds.
    var count: Int {
        self.bytes.count
    }

    /// Whether the view holds at least `length` bytes.
    func has(_ length: Int) -> Bool {
        length >= 0 && length <= self.bytes.count
    }

    // MARK: - Reads

    /// The byte at `offset`, or `nil` past the end.
    func u8(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < self.bytes.count else { return nil }
        return self.bytes[offset]
    }

    /// The big-endian 16-bit value at `offset`, or `nil` when fewer than 2 bytes remain there.
    func u16(at offset: Int) -> UInt16? {
        guard self.fits(offset, 2) else { return nil }
        // Safe: `fits` checked that offset..<offset+2 lies inside the buffer.
        return UInt16(bigEndian: self.bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The little-endian 16-bit value at `offset`, or `nil` when fewer than 2 bytes remain there.
    func u16LittleEndian(at offset: Int) -> UInt16? {
        guard self.fits(offset, 2) else { return nil }
        // Safe: `fits` checked that offset..<offset+2 lies inside the buffer.
        let raw = self.bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return UInt16(littleEndian: raw)
    }

    /// The big-endian 32-bit value at `offset`, or `nil` when fewer than 4 bytes remain there.
    func u32(at offset: Int) -> UInt32? {
        guard self.fits(offset, 4) else { return nil }
        // Safe: `fits` checked that offset..<offset+4 lies inside the buffer.
        return UInt32(bigEndian: self.bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The little-endian 32-bit value at `offset`, or `nil` when fewer than 4 bytes remain there.
    func u32LittleEndian(at offset: Int) -> UInt32? {
        guard self.fits(offset, 4) else { return nil }
        // Safe: `fits` checked that offset..<offset+4 lies inside the buffer.
        let raw = self.bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return UInt32(littleEndian: raw)
    }

    /// The big-endian 64-bit value at `offset`, or `nil` when fewer than 8 bytes remain there.
    func u64(at offset: Int) -> UInt64? {
        guard self.fits(offset, 8) else { return nil }
        // Safe: `fits` checked that offset..<offset+8 lies inside the buffer.
        return UInt64(bigEndian: self.bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A 16-byte address at `offset` (IPv6), or `nil` when fewer than 16 bytes remain there.
    func ipv6Address(at offset: Int) -> IPAddress? {
        guard let high = self.u64(at: offset), let low = self.u64(at: offset + 8) else {
            return nil
        }
        return IPAddress(high: high, low: low)
    }

    /// A 4-byte address at `offset` (IPv4), or `nil` when fewer than 4 bytes remain there.
    func ipv4Address(at offset: Int) -> IPAddress? {
        guard let value = self.u32(at: offset) else { return nil }
        return IPAddress(ipv4: value)
    }

    // MARK: - Sub-views

    /// The bytes from `offset` to the end, or `nil` when `offset` lies past the end.
    func dropping(_ offset: Int) -> ByteCursor? {
        guard offset >= 0, offset <= self.bytes.count else { return nil }
        return ByteCursor(rebasing: self.bytes[offset...])
    }

    /// At most the first `length` bytes (fewer when the view is shorter).
    func prefix(_ length: Int) -> ByteCursor {
        let end = max(0, min(length, self.bytes.count))
        return ByteCursor(rebasing: self.bytes[..<end])
    }

    private func fits(_ offset: Int, _ width: Int) -> Bool {
        offset >= 0 && offset <= self.bytes.count - width
    }
}
