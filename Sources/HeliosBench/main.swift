print("heliosdb-bench")
