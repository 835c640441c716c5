#if canImport(Glibc)
import Glibc
#endif
import Capture
import Report

/// Parses the command line and runs the command; returns the exit status.
func runEarshot(_ arguments: [String]) -> Int32 {
    let options: Options
    do {
        options = try Options.parse(arguments)
    } catch {
        Console.write("error: \(error)\n\(Usage.synopsis)\nrun 'earshot --help' for more", to: 2)
        return 64
    }
    let log = Log(level: options.logLevel)
    StopSignal.install()
    let commands = Commands(options: options, log: log)
    switch options.command {
    case .help:
        Console.write(Usage.help, to: 1)
        return 0
    case .version:
        Console.write("earshot 0.1.0 (\(LiveCapture.libraryVersion))", to: 1)
        return 0
    case .replay(let path):
        return commands.replay(path: path)
    case .capture:
        return commands.capture()
    case .bench:
        return Bench(options: options, log: log).run()
    }
}

exit(runEarshot(Array(CommandLine.arguments.dropFirst())))
