// What functions that need the database (not just their arguments) reach at run time: the
// session (settings, sequence values for currval) and the statement (its write transaction for
// nextval's persisted position, its snapshot and catalog for name lookups).

public import HeliosCore

package final class EngineServices {
    package unowned let session: Session
    package unowned let statement: StatementContext

    package init(session: Session, statement: StatementContext) {
        self.session = session
        self.statement = statement
    }
}
