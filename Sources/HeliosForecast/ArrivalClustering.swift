// Templates grouped by the shape of their arrivals, as QueryBot5000 does (Ma et al., SIGMOD
// 2018, "Query-based Workload Forecasting for Self-Driving Database Management Systems"): a
// template's arrival vector is its arrivals per hour over the last two days; a template joins
// the cluster whose centre (the sum of its members' vectors) is most similar by cosine, if that
// similarity reaches the threshold, and otherwise starts a cluster of its own. Cosine ignores
// volume, so a template with 10 calls a minute and one with 1,000 of the same daily shape
// share a cluster, and the cluster's model reads their sum, which is less noisy than either.
//
// Departures from QueryBot5000: the vectors are raw hourly counts over two days (it uses
// longer histories sampled at several grains); instead of its periodic "move members that
// drifted, merge close centres", each pass is a fresh online pass in template-ID order followed
// by one reassignment of every template to its most similar final centre. Both make the result
// a pure function of the vectors (no dependence on arrival order or dictionary order).

/// Online clustering of arrival vectors by cosine similarity.
package enum ArrivalClustering {
    /// Hours in an arrival vector.
    package static let vectorHours = 48
    /// The default similarity a template needs to join a cluster. Same-shape series with
    /// Poisson noise at a few calls a minute score above 0.98; a flat series against a daily
    /// cycle of ±70% scores about 0.9, and two daily cycles six hours apart about 0.8.
    package static let defaultThreshold = 0.95

    /// The arrival vector of `series` at `now`: arrivals in each of the 48 hours before it.
    package static func vector(of series: MinuteSeries, now: Int64) -> [Double] {
        (0..<vectorHours).map { hour in
            let start = now - Int64(60 * (vectorHours - hour))
            return Double(series.total(from: start, to: start + 60))
        }
    }

    package static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        var dot = 0.0
        var normA = 0.0
        var normB = 0.0
        for index in 0..<min(a.count, b.count) {
            dot += a[index] * b[index]
            normA += a[index] * a[index]
            normB += b[index] * b[index]
        }
        guard normA > 0, normB > 0 else { return 0 }
        return dot / (normA * normB).squareRoot()
    }

    /// Clusters of the given templates, each a sorted list of IDs; clusters in the order of
    /// their smallest ID. Templates whose vector is all zeros join no cluster.
    package static func cluster(_ vectors: [UInt64: [Double]], threshold: Double = defaultThreshold) -> [[UInt64]] {
        let ids = vectors.keys.sorted().filter { vectors[$0]!.contains { $0 > 0 } }
        // Online pass.
        var centres: [[Double]] = []
        for id in ids {
            let vector = vectors[id]!
            if let (best, similarity) = mostSimilar(vector, centres), similarity >= threshold {
                for index in 0..<vector.count { centres[best][index] += vector[index] }
            } else {
                centres.append(vector)
            }
        }
        // Reassignment to the final centres.
        var members = [[UInt64]](repeating: [], count: centres.count)
        for id in ids {
            let vector = vectors[id]!
            if let (best, similarity) = mostSimilar(vector, centres), similarity >= threshold {
                members[best].append(id)
            } else {
                members.append([id])  // drifted from every final centre: a cluster of its own
            }
        }
        return members.filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
    }

    /// The index of the centre most similar to `vector` (the first on a tie) and its similarity.
    private static func mostSimilar(_ vector: [Double], _ centres: [[Double]]) -> (Int, Double)? {
        var best: (Int, Double)?
        for (index, centre) in centres.enumerated() {
            let similarity = cosine(vector, centre)
            if best == nil || similarity > best!.1 { best = (index, similarity) }
        }
        return best
    }
}
