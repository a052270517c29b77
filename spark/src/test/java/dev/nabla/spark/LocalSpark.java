package dev.nabla.spark;

import org.apache.spark.sql.SparkSession;

/** The local Spark session of a test class: two threads, no UI, nothing off loopback. */
final class LocalSpark {
    private LocalSpark() {}

    static SparkSession start(String name) {
        return SparkSession.builder()
                .master("local[2]")
                .appName(name)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.extensions", NablaSparkExtensions.class.getName())
                .getOrCreate();
    }
}
