// The generator's CSV traces read back as one dense series per template, and malformed or
// shuffled traces are refused with the line that is wrong.

import HeliosForecast
import Testing

@Suite struct TraceSeriesTests {
    static let header = "interval_start_seconds,phase,template,count\n"

    @Test func readsOneSeriesPerTemplateInOrder() throws {
        let text = Self.header + "0,a,x,1\n0,a,y,0\n1,a,x,2\n1,a,y,5\n2,b,x,0\n2,b,y,3\n"
        let trace = try TraceSeries(csv: text)
        #expect(trace.templates == ["x", "y"])
        #expect(trace.counts == [[1, 2, 0], [0, 5, 3]])
    }

    @Test func refusesWhatIsNotATrace() {
        #expect(throws: TraceSeries.Failure.missingHeader) { try TraceSeries(csv: "a,b,c,d\n") }
        #expect(throws: TraceSeries.Failure.malformedLine(3)) { try TraceSeries(csv: Self.header + "0,a,x,1\n1,a,x,-2\n") }
        #expect(throws: TraceSeries.Failure.malformedLine(2)) { try TraceSeries(csv: Self.header + "0,a,x\n") }
        #expect(throws: TraceSeries.Failure.outOfOrder(3)) { try TraceSeries(csv: Self.header + "0,a,x,1\n0,a,x,1\n") }
    }
}
