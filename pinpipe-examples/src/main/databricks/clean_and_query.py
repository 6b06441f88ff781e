# Databricks notebook source
# MAGIC %md
# MAGIC # pinpipe: clean the archive and answer the canned queries (Python)
# MAGIC Attach the Maven libraries `io.pinpipe:pinpipe-transform` and `io.pinpipe:pinpipe-query`
# MAGIC (same version) to the cluster. The Java API is reached through the session's JVM gateway.

# COMMAND ----------

archive = "dbfs:/mnt/pinpipe/archive"   # or "s3a://my-pinpipe-bucket/archive"
tables = "dbfs:/mnt/pinpipe/tables"
prefix = "0a1d8948160f"

jvm = spark._jvm
jspark = spark._jsparkSession

# COMMAND ----------

delta = jvm.io.pinpipe.transform.TableFormat.DELTA
job = jvm.io.pinpipe.transform.CleanJob.builder(tables).format(delta).build()
report = job.runBatch(jspark, jvm.io.pinpipe.transform.ArchiveSource.at(archive).withPrefix(prefix))
print(report.toText())

# COMMAND ----------

jvm.io.pinpipe.query.CleanTables.registerPaths(jspark, tables, delta)
# The SQL text of each query is a resource of pinpipe-query; spark.sql runs it on the registered views.
for q in jvm.io.pinpipe.query.CannedQuery.values():
    print(q.id() + ": " + q.question())
    display(spark.sql(q.sql()))
