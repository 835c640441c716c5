import Capture
import Decode

/// Who held each address over time, for one kind of holder (pods, host-network pods, services
/// or nodes): per address, a few records, each valid over `[from, until)`.
///
/// A holder is one API object, by key (its UID). A live holder's records end at `endless`;
/// deleting it, or its giving up an address, sets a finite `until`, and such records are pruned
/// once that time lies far enough in the past (`prune(endedBefore:)`). Only ended records and
/// holders are visited by the pruning, so its cost follows the churn, not the cluster's size.
struct AddressBook<Value: Sendable>: Sendable {
    /// One holder's claim on one address.
    struct Record: Sendable {
        /// The holder's key.
        var holder: String
        /// The first instant the holder had the address.
        var from: Timestamp
        /// The first instant it no longer had it (grace included); `endless` while it does.
        var until: Timestamp
        /// Which of several records valid at once wins: the highest. The holder's start for
        /// records learnt live, so that a new holder takes over a reused address; a pods file,
        /// whose records are all valid for all time, ranks by what the file says instead.
        var rank: Timestamp
        /// What to answer for the address.
        var value: Value

        /// Whether the record covers `time`.
        func isValid(at time: Timestamp) -> Bool {
            self.from <= time && time < self.until
        }
    }

    /// What a holder holds now.
    private struct Holding: Sendable {
        var addresses: [IPAddress]
        var from: Timestamp
        var until: Timestamp
    }

    /// The end of a record that has not ended.
    static var endless: Timestamp { .max }

    /// The start of a record valid for all time (a pods file).
    static var beginning: Timestamp { .min }

    private var recordsByAddress: [IPAddress: [Record]] = [:]
    private var holdings: [String: Holding] = [:]
    /// Addresses with at least one ended record, and holders that ended: what pruning visits.
    private var endedAddresses: Set<IPAddress> = []
    private var endedHolders: Set<String> = []

    /// Records kept, ended ones included.
    private(set) var recordCount = 0

    /// Holders known, ended ones not yet pruned included.
    var holderCount: Int {
        self.holdings.count
    }

    /// The keys of all holders known, ended ones not yet pruned included.
    var holders: [String] {
        Array(self.holdings.keys)
    }

    // MARK: - Updates

    /// Records that `holder` holds `addresses` over `[from, until)` with `value`.
    ///
    /// Addresses the holder had and no longer lists end at `released`, unless they ended
    /// earlier. Its record for an address it keeps is updated in place (and reopened).
    /// - Parameter rank: Which record wins where several are valid at once; `from` if `nil`.
    mutating func hold(
        _ holder: String,
        addresses: [IPAddress],
        value: Value,
        from: Timestamp,
        until: Timestamp,
        released: Timestamp,
        rank: Timestamp? = nil
    ) {
        let previous = self.holdings[holder]?.addresses ?? []
        for address in previous where !addresses.contains(address) {
            self.end(holder, at: address, until: released)
        }

        for address in addresses {
            self.upsert(
                Record(
                    holder: holder,
                    from: from,
                    until: until,
                    rank: rank ?? from,
                    value: value
                ),
                at: address
            )
        }
        self.holdings[holder] = Holding(addresses: addresses, from: from, until: until)
        if until != Self.endless {
            self.endedHolders.insert(holder)
        }
    }

    /// Ends all of `holder`'s records at `until`, unless they ended earlier.
    mutating func release(_ holder: String, until: Timestamp) {
        guard var holding = self.holdings[holder] else { return }
        for address in holding.addresses {
            self.end(holder, at: address, until: until)
        }
        holding.until = min(holding.until, until)
        self.holdings[holder] = holding
        self.endedHolders.insert(holder)
    }

    /// When `holder`'s records end; `nil` for an unknown holder.
    func until(of holder: String) -> Timestamp? {
        self.holdings[holder]?.until
    }

    /// When `holder`'s records start; `nil` for an unknown holder.
    func from(of holder: String) -> Timestamp? {
        self.holdings[holder]?.from
    }

    /// Drops records and holders that ended before `horizon`.
    /// - Returns: How many records were dropped.
    /// - Complexity: O(ended records and holders).
    mutating func prune(endedBefore horizon: Timestamp) -> Int {
        var dropped = 0
        for address in self.endedAddresses {
            guard var records = self.recordsByAddress[address] else { continue }
            let before = records.count
            records.removeAll { $0.until < horizon }
            dropped += before - records.count
            if records.isEmpty {
                self.recordsByAddress[address] = nil
            } else {
                self.recordsByAddress[address] = records
            }
            if !records.contains(where: { $0.until != Self.endless }) {
                self.endedAddresses.remove(address)
            }
        }
        for holder in self.endedHolders {
            guard let holding = self.holdings[holder] else {
                self.endedHolders.remove(holder)
                continue
            }
            if holding.until < horizon {
                self.holdings[holder] = nil
                self.endedHolders.remove(holder)
            } else if holding.until == Self.endless {
                self.endedHolders.remove(holder)
            }
        }
        self.recordCount -= dropped
        return dropped
    }

    // MARK: - Lookups

    /// The record valid at `time` with the highest rank: a new holder of a reused address
    /// takes over from its start, even while the previous one's grace lasts.
    func latest(at address: IPAddress, time: Timestamp) -> Record? {
        // Limitation: a new pod ranks from its start time, a little before its sandbox gets the
        // address; exchanges of the previous holder in that moment name the new pod.
        var best: Record?
        for record in self.recordsByAddress[address] ?? [] where record.isValid(at: time) {
            // Of two records that rank alike, the one recorded later wins.
            if let current = best, record.rank < current.rank {
                continue
            }
            best = record
        }
        return best
    }

    /// All records valid at `time` for `address`.
    func all(at address: IPAddress, time: Timestamp) -> [Record] {
        (self.recordsByAddress[address] ?? []).filter { $0.isValid(at: time) }
    }

    /// Whether anybody ever held `address`, among the records kept.
    func isKnown(_ address: IPAddress) -> Bool {
        self.recordsByAddress[address] != nil
    }

    // MARK: - Private

    private mutating func upsert(_ record: Record, at address: IPAddress) {
        var records = self.recordsByAddress[address] ?? []
        if let index = records.lastIndex(where: { $0.holder == record.holder }) {
            records[index] = record
        } else {
            records.append(record)
            self.recordCount += 1
        }
        self.recordsByAddress[address] = records
        if record.until != Self.endless {
            self.endedAddresses.insert(address)
        }
    }

    private mutating func end(_ holder: String, at address: IPAddress, until: Timestamp) {
        guard var records = self.recordsByAddress[address],
            let index = records.lastIndex(where: { $0.holder == holder })
        else { return }
        records[index].until = min(records[index].until, until)
        self.recordsByAddress[address] = records
        self.endedAddresses.insert(address)
    }
}
