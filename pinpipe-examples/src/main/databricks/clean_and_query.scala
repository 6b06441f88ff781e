// Databricks notebook source
// MAGIC %md
// MAGIC # pinpipe: clean the archive and answer the canned queries (Scala)
// MAGIC Attach the Maven libraries `io.pinpipe:pinpipe-transform` and `io.pinpipe:pinpipe-query`
// MAGIC (same version) to the cluster. Reads the archive from an S3 mount or an `s3a://` path.

// COMMAND ----------

import io.pinpipe.transform.{ArchiveSource, CleanJob, TableFormat}
import io.pinpipe.query.{CannedQuery, CleanTables, Queries}

val archive = "dbfs:/mnt/pinpipe/archive"   // or "s3a://my-pinpipe-bucket/archive"
val tables  = "dbfs:/mnt/pinpipe/tables"
val prefix  = "0a1d8948160f"

// COMMAND ----------

val job = CleanJob.builder(tables).format(TableFormat.DELTA).build()
val report = job.runBatch(spark, ArchiveSource.at(archive).withPrefix(prefix))
println(report.toText())

// COMMAND ----------

CleanTables.registerPaths(spark, tables, TableFormat.DELTA)
val queries = new Queries(spark)
CannedQuery.values.foreach { q =>
  println(s"${q.id}: ${q.question}")
  display(queries.run(q))
}
