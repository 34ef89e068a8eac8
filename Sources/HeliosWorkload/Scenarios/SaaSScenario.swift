// SaaS multi-tenant: tenants, their users, projects and tasks, every row tagged with its tenant.
// Phases: onboarding (logins by email, a tenant's projects and active users), sprint work (a
// user's open tasks, a project's board) and quarter end (overdue tasks per tenant, activity by
// plan over a date range).

extension Scenario {
    public static let saas = Scenario(
        name: "saas",
        summary: "multi-tenant project tracker: onboarding, then sprint work, then quarter-end reports",
        tables: [
            TableDefinition(
                name: "tenants",
                createStatement: """
                    CREATE TABLE tenants (tenant_id integer PRIMARY KEY, name text NOT NULL, plan text NOT NULL, \
                    region text NOT NULL)
                    """,
                columns: ["tenant_id", "name", "plan", "region"],
                baseRowCount: 200
            ) { number, random, _ in
                [String(number), "tenant \(number)", random.element(of: SaaSValues.plans),
                 random.element(of: ["us", "eu", "apac"])]
            },
            TableDefinition(
                name: "users",
                createStatement: """
                    CREATE TABLE users (user_id integer PRIMARY KEY, tenant_id integer NOT NULL, email text NOT NULL, \
                    role text NOT NULL, last_login timestamp NOT NULL)
                    """,
                columns: ["user_id", "tenant_id", "email", "role", "last_login"],
                baseRowCount: 5_000
            ) { number, random, counts in
                [String(number), String(SaaSValues.tenant(ofUser: number, counts: counts)), SaaSValues.email(number),
                 random.element(of: ["owner", "admin", "member", "member", "member", "guest"]),
                 SQLText.timestamp(SaaSValues.historyEnd - random.int(in: 0...(60 * 86_400)))]
            },
            TableDefinition(
                name: "projects",
                createStatement: """
                    CREATE TABLE projects (project_id integer PRIMARY KEY, tenant_id integer NOT NULL, \
                    owner_id integer NOT NULL, name text NOT NULL, archived boolean NOT NULL, created_at timestamp NOT NULL)
                    """,
                columns: ["project_id", "tenant_id", "owner_id", "name", "archived", "created_at"],
                baseRowCount: 2_000
            ) { number, random, counts in
                [String(number), String(SaaSValues.tenant(ofProject: number, counts: counts)),
                 String(random.int(in: 1...(counts["users"] ?? 1))), "project \(number)",
                 random.chance(0.2) ? "true" : "false",
                 SQLText.timestamp(SaaSValues.historyEnd - random.int(in: 0...(400 * 86_400)))]
            },
            TableDefinition(
                name: "tasks",
                createStatement: """
                    CREATE TABLE tasks (task_id integer PRIMARY KEY, tenant_id integer NOT NULL, \
                    project_id integer NOT NULL, assignee_id integer NOT NULL, status text NOT NULL, \
                    priority integer NOT NULL, due_date date NOT NULL, updated_at timestamp NOT NULL)
                    """,
                columns: ["task_id", "tenant_id", "project_id", "assignee_id", "status", "priority", "due_date",
                          "updated_at"],
                baseRowCount: 40_000
            ) { number, random, counts in
                let project = random.skewed(upTo: counts["projects"] ?? 1, skew: 1.5)
                return [String(number), String(SaaSValues.tenant(ofProject: project, counts: counts)), String(project),
                        String(random.skewed(upTo: counts["users"] ?? 1, skew: 1.5)),
                        random.element(of: SaaSValues.statuses), String(random.int(in: 1...4)),
                        SQLText.date(daysSinceEpoch: SaaSValues.historyEnd / 86_400 + random.int(in: -120...60)),
                        SQLText.timestamp(SaaSValues.historyEnd - random.int(in: 0...(180 * 86_400)))]
            },
        ],
        templates: [
            QueryTemplate("login_by_email", .read, "SELECT user_id, tenant_id, role FROM users WHERE email = $1") { context in
                [SaaSValues.email(context.hotKey("users"))]
            },
            QueryTemplate("record_login", .write, "UPDATE users SET last_login = $2 WHERE user_id = $1") { context in
                [String(context.hotKey("users")),
                 SQLText.timestamp(SaaSValues.historyEnd + Int(context.elapsedSeconds))]
            },
            QueryTemplate("tenant_projects", .read, """
                SELECT project_id, name, created_at FROM projects WHERE tenant_id = $1 AND archived = false \
                ORDER BY created_at DESC LIMIT 20
                """) { context in
                [String(context.hotKey("tenants"))]
            },
            QueryTemplate("active_users_in_tenant", .read,
                          "SELECT count(*) FROM users WHERE tenant_id = $1 AND last_login >= $2") { context in
                [String(context.hotKey("tenants")),
                 SQLText.timestamp(SaaSValues.historyEnd - context.random.int(in: 1...30) * 86_400)]
            },
            QueryTemplate("my_open_tasks", .read, """
                SELECT task_id, status, priority, due_date FROM tasks WHERE assignee_id = $1 AND status <> 'done' \
                ORDER BY due_date, task_id LIMIT 20
                """) { context in
                [String(context.random.skewed(upTo: context.rowCount("users"), skew: 1.5))]
            },
            QueryTemplate("project_board", .read,
                          "SELECT status, count(*) FROM tasks WHERE project_id = $1 GROUP BY status ORDER BY status") { context in
                [String(context.random.skewed(upTo: context.rowCount("projects"), skew: 1.5))]
            },
            QueryTemplate("overdue_in_tenant", .read, """
                SELECT t.task_id, p.name, t.due_date FROM tasks t JOIN projects p ON p.project_id = t.project_id \
                WHERE t.tenant_id = $1 AND t.due_date < $2 AND t.status <> 'done' ORDER BY t.due_date, t.task_id LIMIT 50
                """) { context in
                [String(context.hotKey("tenants")),
                 SQLText.date(daysSinceEpoch: SaaSValues.historyEnd / 86_400 - context.random.int(in: 0...30))]
            },
            QueryTemplate("activity_by_plan", .read, """
                SELECT n.plan, count(*) FROM tasks t JOIN tenants n ON n.tenant_id = t.tenant_id \
                WHERE t.updated_at >= $1 AND t.updated_at < $2 GROUP BY n.plan ORDER BY n.plan
                """) { context in
                let start = SaaSValues.historyEnd - context.random.int(in: 2...180) * 86_400
                return [SQLText.timestamp(start), SQLText.timestamp(start + 86_400)]
            },
            QueryTemplate("task_by_id", .read, "SELECT * FROM tasks WHERE task_id = $1") { context in
                [String(context.anyKey("tasks"))]
            },
            QueryTemplate("create_task", .write, """
                INSERT INTO tasks (task_id, tenant_id, project_id, assignee_id, status, priority, due_date, updated_at) \
                VALUES ($1, $2, $3, $4, 'todo', $5, $6, $7)
                """) { context in
                let project = context.random.skewed(upTo: context.rowCount("projects"), skew: 1.5)
                let now = SaaSValues.historyEnd + Int(context.elapsedSeconds)
                return [String(context.newKey("tasks")),
                        String(SaaSValues.tenant(ofProject: project, counts: context.rowCounts)), String(project),
                        String(context.anyKey("users")), String(context.random.int(in: 1...4)),
                        SQLText.date(daysSinceEpoch: now / 86_400 + context.random.int(in: 1...30)),
                        SQLText.timestamp(now)]
            },
            QueryTemplate("update_task", .write,
                          "UPDATE tasks SET status = $2, updated_at = $3 WHERE task_id = $1") { context in
                [String(context.anyKey("tasks")), context.random.element(of: SaaSValues.statuses),
                 SQLText.timestamp(SaaSValues.historyEnd + Int(context.elapsedSeconds))]
            },
            QueryTemplate("delete_task", .write, "DELETE FROM tasks WHERE task_id = $1") { context in
                [String(context.anyKey("tasks"))]
            },
        ],
        phases: [
            WorkloadPhase("onboarding", "users by email, a tenant's projects and recently active users", [
                "login_by_email": 35, "tenant_projects": 25, "active_users_in_tenant": 10, "record_login": 15,
                "task_by_id": 10, "create_task": 5,
            ]),
            WorkloadPhase("sprint", "a user's open tasks, a project's board", [
                "my_open_tasks": 30, "project_board": 25, "update_task": 20, "create_task": 10, "task_by_id": 10,
                "delete_task": 5,
            ]),
            WorkloadPhase("quarter_end", "overdue tasks per tenant, activity by plan over a day", [
                "overdue_in_tenant": 35, "activity_by_plan": 25, "task_by_id": 15, "update_task": 15,
                "login_by_email": 10,
            ]),
        ],
        candidateIndexes: [
            CandidateIndex("users", ["email"]), CandidateIndex("users", ["tenant_id"]),
            CandidateIndex("users", ["tenant_id", "last_login"]), CandidateIndex("projects", ["tenant_id"]),
            CandidateIndex("projects", ["tenant_id", "created_at"]), CandidateIndex("tasks", ["assignee_id"]),
            CandidateIndex("tasks", ["assignee_id", "due_date"]), CandidateIndex("tasks", ["project_id"]),
            CandidateIndex("tasks", ["tenant_id"]), CandidateIndex("tasks", ["tenant_id", "due_date"]),
            CandidateIndex("tasks", ["updated_at"]), CandidateIndex("tasks", ["status"]),
        ])
}

/// The SaaS scenario's vocabularies and the fixed tenant of each user and project.
enum SaaSValues {
    static let plans = ["free", "free", "team", "business", "enterprise"]
    static let statuses = ["todo", "doing", "review", "done", "done"]
    static let historyEnd = SQLText.dataEpoch + 365 * 86_400

    static func email(_ user: Int) -> String { "user\(user)@tenant.example" }

    /// Users and projects are dealt to tenants round-robin, so a row's tenant follows from its key.
    static func tenant(ofUser user: Int, counts: [String: Int]) -> Int { (user - 1) % (counts["tenants"] ?? 1) + 1 }
    static func tenant(ofProject project: Int, counts: [String: Int]) -> Int {
        (project - 1) % (counts["tenants"] ?? 1) + 1
    }
}
