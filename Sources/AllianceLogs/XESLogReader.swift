/// Reads an XES log (IEEE 1849), streamed.
public enum XESLogReader {
    public static func read(path: String, options: EventLogReadOptions = EventLogReadOptions()) throws(EventLogError) -> EventLog {
        let source = try ByteSource(path: path)
        return try read(source: source, options: options)
    }

    static func read(source: ByteSource, options: EventLogReadOptions) throws(EventLogError) -> EventLog {
        throw EventLogError(source: source.name, line: 0, column: 0, message: "XES logs cannot be read yet")
    }
}
