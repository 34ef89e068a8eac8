// An index consistency check (PostgreSQL's amcheck with heapallindexed, both ways): each
// secondary index of a table must hold exactly one entry per distinct (indexed values, row key)
// of the table's row versions — none missing (a reader would miss the row), none extra (stale
// entries cost space and time). Run it on a quiet database: it reads the latest commit.

package import HeliosCore
import HeliosStorage
import HeliosSQL

extension Database {
    /// What is wrong with the secondary indexes of table `name` (in the search path's first
    /// schema that has it): one line per index that differs, empty when all agree.
    package func indexDiscrepancies(table name: String, schema: String = "public") throws(DatabaseError) -> [String] {
        let reader = try store.beginRead(latestCommitted: true)
        let catalogReader = CatalogReader(catalog: catalog, access: .read(reader), snapshot: manager.snapshot(),
                                          searchPath: [schema], database: self.name)
        let relation = try catalogReader.requireRelation(QualifiedName([schema, name]))
        guard let table = relation.tree else { return [] }
        let types = relation.columns.map(\.type)
        var problems: [String] = []
        for index in relation.indexes where !index.isPrimary {
            let positions = index.keys.map { relation.storagePosition(of: $0.column) ?? 0 }
            var expected = Set<[UInt8]>()
            let rows = try reader.cursor(table)
            var more = try rows.first()
            while more {
                let key = rows.key
                for version in try rows.withValue({ (raw) throws(DatabaseError) in try VersionChain.decode(raw) }) {
                    let row = try version.data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) }
                    expected.insert(try index.entryPrefix(positions.map { row[$0] }) + key)
                }
                more = try rows.next()
            }
            var extra = 0
            let entries = try reader.cursor(index.tree)
            more = try entries.first()
            while more {
                if expected.remove(entries.key) == nil { extra += 1 }
                more = try entries.next()
            }
            if extra > 0 || !expected.isEmpty {
                problems.append("index \"\(index.name)\": \(expected.count) entries missing, \(extra) entries no row version needs")
            }
        }
        return problems
    }
}
