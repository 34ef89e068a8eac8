// Reads the arrival traces of the workload generator (`heliosdb workload --trace-only
// --trace-format csv`, HeliosWorkload's ArrivalTrace), without depending on that module:
//
//   interval_start_seconds,phase,template,count
//   0,storefront,customer_by_email,14
//
// one line per interval and template, every series dense. The forecaster reads minutes, so a
// trace is read one interval per minute: a run made with `--trace-interval 1 --day-seconds
// 1440` then holds real-length days (1,440 intervals) and its phases last days, not seconds.

/// The series of a trace: each template's counts per interval, in order of first appearance.
package struct TraceSeries: Sendable {
    package var templates: [String] = []
    package var counts: [[Float]] = []

    /// Why a trace could not be read.
    package enum Failure: Error, Equatable, Sendable {
        case missingHeader
        /// A 1-based line number whose fields are not start,phase,template,count.
        case malformedLine(Int)
        /// Intervals must come in order, each template once per interval.
        case outOfOrder(Int)
    }

    /// Parses CSV text in the generator's shape.
    package init(csv text: String) throws(Failure) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard let header = lines.next(), header == "interval_start_seconds,phase,template,count" else { throw .missingHeader }
        var indexOfTemplate: [Substring: Int] = [:]
        var intervalStarts: [Substring] = []
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 4, let count = Int(fields[3]), count >= 0, Double(fields[0]) != nil else {
                throw .malformedLine(lineNumber)
            }
            if intervalStarts.last != fields[0] { intervalStarts.append(fields[0]) }
            let interval = intervalStarts.count - 1
            let template: Int
            if let known = indexOfTemplate[fields[2]] {
                template = known
            } else {
                template = templates.count
                indexOfTemplate[fields[2]] = template
                templates.append(String(fields[2]))
                counts.append([Float](repeating: 0, count: interval))
            }
            guard counts[template].count == interval else { throw .outOfOrder(lineNumber) }
            counts[template].append(Float(count))
        }
    }
}
