// E-commerce: customers, products, orders and order lines. Its day moves from the storefront
// (customers found by email, products by category and price) to fulfilment (orders by customer
// and by status and date) to analytics (revenue by country over a date range, buyers of a
// product), so each phase wants different indexes.

extension Scenario {
    public static let ecommerce = Scenario(
        name: "ecommerce",
        summary: "online shop: storefront, then fulfilment, then analytics",
        tables: [
            TableDefinition(
                name: "customers",
                createStatement: """
                    CREATE TABLE customers (customer_id integer PRIMARY KEY, email text NOT NULL, name text NOT NULL, \
                    country text NOT NULL, tier text NOT NULL, signup_date date NOT NULL)
                    """,
                columns: ["customer_id", "email", "name", "country", "tier", "signup_date"],
                baseRowCount: 5_000
            ) { number, random, _ in
                [String(number), ECommerceValues.email(number), "customer \(number)",
                 ECommerceValues.countries[random.skewed(upTo: ECommerceValues.countries.count, skew: 1.5) - 1],
                 random.element(of: ["free", "free", "free", "silver", "gold"]),
                 SQLText.date(daysSinceEpoch: SQLText.dataEpoch / 86_400 - random.int(in: 0...700))]
            },
            TableDefinition(
                name: "products",
                createStatement: """
                    CREATE TABLE products (product_id integer PRIMARY KEY, name text NOT NULL, category text NOT NULL, \
                    price numeric(10,2) NOT NULL, stock integer NOT NULL)
                    """,
                columns: ["product_id", "name", "category", "price", "stock"],
                baseRowCount: 1_000
            ) { number, random, _ in
                [String(number), "product \(number)", random.element(of: ECommerceValues.categories),
                 SQLText.cents(random.int(in: 100...50_000)), String(random.int(in: 0...500))]
            },
            TableDefinition(
                name: "orders",
                createStatement: """
                    CREATE TABLE orders (order_id integer PRIMARY KEY, customer_id integer NOT NULL, status text NOT NULL, \
                    created_at timestamp NOT NULL, total numeric(12,2) NOT NULL)
                    """,
                columns: ["order_id", "customer_id", "status", "created_at", "total"],
                baseRowCount: 20_000
            ) { number, random, counts in
                [String(number), String(random.skewed(upTo: counts["customers"] ?? 1)),
                 random.element(of: ECommerceValues.statuses),
                 SQLText.timestamp(SQLText.dataEpoch + random.int(in: 0...(ECommerceValues.historyDays * 86_400))),
                 SQLText.cents(random.int(in: 500...200_000))]
            },
            TableDefinition(
                name: "order_items",
                createStatement: """
                    CREATE TABLE order_items (order_id integer NOT NULL, line_number integer NOT NULL, \
                    product_id integer NOT NULL, quantity integer NOT NULL, unit_price numeric(10,2) NOT NULL, \
                    PRIMARY KEY (order_id, line_number))
                    """,
                columns: ["order_id", "line_number", "product_id", "quantity", "unit_price"],
                baseRowCount: 60_000
            ) { number, random, counts in
                // Three lines per order: row n is line (n-1) % 3 + 1 of order (n-1) / 3 + 1.
                [String((number - 1) / 3 + 1), String((number - 1) % 3 + 1),
                 String(random.skewed(upTo: counts["products"] ?? 1, skew: 1.5)), String(random.int(in: 1...5)),
                 SQLText.cents(random.int(in: 100...50_000))]
            },
        ],
        templates: [
            QueryTemplate("customer_by_email", .read,
                          "SELECT customer_id, name, tier FROM customers WHERE email = $1") { context in
                [ECommerceValues.email(context.hotKey("customers"))]
            },
            QueryTemplate("customer_by_id", .read, "SELECT * FROM customers WHERE customer_id = $1") { context in
                [String(context.hotKey("customers"))]
            },
            QueryTemplate("products_in_category", .read, """
                SELECT product_id, name, price FROM products WHERE category = $1 AND price BETWEEN $2 AND $3 \
                ORDER BY price LIMIT 20
                """) { context in
                let low = context.random.int(in: 1...400)
                return [context.random.element(of: ECommerceValues.categories), String(low),
                        String(low + context.random.int(in: 10...100))]
            },
            QueryTemplate("order_lines", .read, """
                SELECT i.line_number, p.name, i.quantity, i.unit_price FROM order_items i \
                JOIN products p ON p.product_id = i.product_id WHERE i.order_id = $1 ORDER BY i.line_number
                """) { context in
                [String(context.anyKey("orders"))]
            },
            QueryTemplate("orders_of_customer", .read, """
                SELECT order_id, status, total, created_at FROM orders WHERE customer_id = $1 \
                ORDER BY created_at DESC LIMIT 10
                """) { context in
                [String(context.hotKey("customers"))]
            },
            QueryTemplate("recent_orders_by_status", .read, """
                SELECT order_id, customer_id, total FROM orders WHERE status = $1 AND created_at >= $2 \
                ORDER BY created_at LIMIT 50
                """) { context in
                let daysBack = context.random.int(in: 1...7)
                return [context.random.element(of: ["pending", "paid", "shipped"]),
                        SQLText.timestamp(ECommerceValues.historyEnd - daysBack * 86_400)]
            },
            QueryTemplate("revenue_by_country", .read, """
                SELECT c.country, count(*) AS orders, sum(o.total) AS revenue FROM orders o \
                JOIN customers c ON c.customer_id = o.customer_id WHERE o.created_at >= $1 AND o.created_at < $2 \
                GROUP BY c.country ORDER BY revenue DESC LIMIT 10
                """) { context in
                let start = SQLText.dataEpoch + context.random.int(in: 0...(ECommerceValues.historyDays - 2)) * 86_400
                return [SQLText.timestamp(start), SQLText.timestamp(start + context.random.int(in: 1...2) * 86_400)]
            },
            QueryTemplate("product_buyers", .read, """
                SELECT o.customer_id, count(*) AS lines FROM order_items i JOIN orders o ON o.order_id = i.order_id \
                WHERE i.product_id = $1 GROUP BY o.customer_id ORDER BY lines DESC, o.customer_id LIMIT 10
                """) { context in
                [String(context.hotKey("products"))]
            },
            QueryTemplate("customers_in_country", .read, """
                SELECT customer_id, email, signup_date FROM customers WHERE country = $1 \
                ORDER BY signup_date DESC, customer_id LIMIT 20
                """) { context in
                [context.random.element(of: ECommerceValues.countries)]
            },
            QueryTemplate("place_order", .write, """
                INSERT INTO orders (order_id, customer_id, status, created_at, total) VALUES ($1, $2, 'pending', $3, $4)
                """) { context in
                [String(context.newKey("orders")), String(context.hotKey("customers")),
                 SQLText.timestamp(ECommerceValues.historyEnd + Int(context.elapsedSeconds)),
                 SQLText.cents(context.random.int(in: 500...200_000))]
            },
            QueryTemplate("update_order_status", .write, "UPDATE orders SET status = $2 WHERE order_id = $1") { context in
                [String(context.anyKey("orders")), context.random.element(of: ECommerceValues.statuses)]
            },
            QueryTemplate("update_stock", .write,
                          "UPDATE products SET stock = stock - $2 WHERE product_id = $1") { context in
                [String(context.hotKey("products")), String(context.random.int(in: 1...3))]
            },
            QueryTemplate("delete_cancelled_order", .write,
                          "DELETE FROM orders WHERE order_id = $1 AND status = 'cancelled'") { context in
                [String(context.anyKey("orders"))]
            },
        ],
        phases: [
            WorkloadPhase("storefront", "customers by email, products by category and price", [
                "customer_by_email": 30, "products_in_category": 30, "customer_by_id": 10, "order_lines": 10,
                "place_order": 8, "update_stock": 7, "update_order_status": 3, "delete_cancelled_order": 2,
            ]),
            WorkloadPhase("fulfilment", "orders by customer, orders by status and date", [
                "orders_of_customer": 30, "recent_orders_by_status": 25, "order_lines": 10, "update_order_status": 15,
                "place_order": 10, "customer_by_id": 5, "delete_cancelled_order": 5,
            ]),
            WorkloadPhase("analytics", "revenue by date range, buyers of a product, customers by country", [
                "revenue_by_country": 20, "product_buyers": 25, "customers_in_country": 20, "place_order": 10,
                "customer_by_id": 10, "update_order_status": 10, "order_lines": 5,
            ]),
        ],
        candidateIndexes: [
            CandidateIndex("customers", ["email"]), CandidateIndex("customers", ["country"]),
            CandidateIndex("customers", ["country", "signup_date"]), CandidateIndex("products", ["category"]),
            CandidateIndex("products", ["category", "price"]), CandidateIndex("products", ["price"]),
            CandidateIndex("orders", ["customer_id"]), CandidateIndex("orders", ["customer_id", "created_at"]),
            CandidateIndex("orders", ["status"]), CandidateIndex("orders", ["status", "created_at"]),
            CandidateIndex("orders", ["created_at"]), CandidateIndex("order_items", ["product_id"]),
        ])
}

/// The e-commerce scenario's vocabularies.
enum ECommerceValues {
    static let countries = ["US", "DE", "GB", "FR", "JP", "BR", "IN", "CA", "AU", "ES", "IT", "NL", "SE", "PL",
                            "MX", "KR", "CH", "AT", "BE", "NO"]
    static let categories = (1...25).map { "category \($0)" }
    static let statuses = ["pending", "paid", "shipped", "delivered", "delivered", "delivered", "cancelled"]
    /// The seeded orders span a year; new orders arrive after it.
    static let historyDays = 365
    static let historyEnd = SQLText.dataEpoch + historyDays * 86_400

    static func email(_ customer: Int) -> String { "customer\(customer)@example.com" }
}
