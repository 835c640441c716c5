import Glibc

/// Starts work that blocks (a libcurl transfer, a back-off) on a system thread of its own, so
/// it never holds a thread of Swift's cooperative pool or Dispatch's.
///
/// The thread is detached: whoever needs to know that the work ended signals it from `body`
/// (a semaphore waited on with a timeout joins it without risking a hang).
enum DedicatedThread {
    /// The longest thread name Linux keeps, in bytes, without its terminating zero.
    static let maxNameBytes = 15

    /// What the new thread runs, handed to it through pthread's context pointer.
    private final class Work {
        /// The thread's name, already cut to `maxNameBytes`.
        let name: [UInt8]
        /// The work itself.
        let body: @Sendable () -> Void

        init(name: [UInt8], body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Runs `body` on a new detached thread named `name` (cut to 15 bytes, the kernel's limit,
    /// which `ps -L` and debuggers show).
    ///
    /// - Returns: `0` when the thread runs, else the `pthread_create` error (such as `EAGAIN`
    ///   when the process may start no more threads); `body` then never runs.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) -> Int32 {
        let nameBytes = Array(name.utf8.prefix(Self.maxNameBytes))
        let work = Unmanaged.passRetained(Work(name: nameBytes, body: body))
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))

        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { context in
            // Safe: `context` is the `Work` retained by `start`, released here exactly once;
            // pthread_create passes it unchanged and only to this thread.
            let work = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
            Self.nameCurrentThread(work.name)
            work.body()
            return nil
        }, work.toOpaque())
        if result != 0 {
            work.release()
        }
        return result
    }

    /// Names the calling thread by writing its `comm` file (what `pthread_setname_np` does,
    /// which Glibc's module does not export); without `/proc` the thread stays unnamed.
    private static func nameCurrentThread(_ name: [UInt8]) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return
        }
        defer { close(descriptor) }
        _ = name.withUnsafeBytes { bytes in
            write(descriptor, bytes.baseAddress, bytes.count)
        }
    }
}
