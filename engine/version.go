package engine

// Version is tierdb's own version (INFO tierdb_version).
const Version = "0.1.0"

// RedisVersion is the Redis version whose behaviour tierdb matches; INFO
// reports it as redis_version because clients switch features on it.
const RedisVersion = "7.0.15"
