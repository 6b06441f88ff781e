"""Airflow DAG: the pinpipe clean-and-query job on Databricks, once a day.

It submits a one-off Databricks run with a Spark JAR task. The cluster gets the pinpipe jars as
Maven libraries (transform and query; model comes with them) and runs
io.pinpipe.query.CleanAndQueryMain, which cleans the S3 archive into Delta tables incrementally
(only objects not seen before) and saves every canned query's answer under <output>/answers/.

Set the Airflow connection `databricks_default` (host + token) and the variables below.
pinpipe-examples' AirflowDagTest checks this file compiles and that MAIN_CLASS and the Maven
coordinates match the build.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.databricks.operators.databricks import DatabricksSubmitRunOperator

PINPIPE_GROUP = "io.pinpipe"
PINPIPE_VERSION = "0.1.0-SNAPSHOT"
MAIN_CLASS = "io.pinpipe.query.CleanAndQueryMain"

ARCHIVE = "s3a://my-pinpipe-bucket/archive"          # where the archiver / S3 sink writes
TABLES = "s3a://my-pinpipe-bucket/tables"            # the six tables and answers/
CHECKPOINT = "s3a://my-pinpipe-bucket/checkpoints/clean"
PREFIX = "0a1d8948160f"

new_cluster = {
    "spark_version": "17.3.x-scala2.13",             # Databricks 17 LTS: Spark 4.0, JDK 17
    "node_type_id": "m5d.large",
    "num_workers": 1,
    "spark_conf": {"spark.sql.session.timeZone": "UTC"},
}

libraries = [
    {"maven": {"coordinates": f"{PINPIPE_GROUP}:pinpipe-transform:{PINPIPE_VERSION}"}},
    {"maven": {"coordinates": f"{PINPIPE_GROUP}:pinpipe-query:{PINPIPE_VERSION}"}},
]

default_args = {
    "owner": "pinpipe",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
}

with DAG(
    dag_id="pinpipe_daily",
    description="Clean the pinpipe archive into tables and answer the canned queries",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args=default_args,
    tags=["pinpipe"],
) as dag:
    clean_and_query = DatabricksSubmitRunOperator(
        task_id="clean_and_query",
        databricks_conn_id="databricks_default",
        new_cluster=new_cluster,
        libraries=libraries,
        spark_jar_task={
            "main_class_name": MAIN_CLASS,
            "parameters": [
                "--input", ARCHIVE,
                "--output", TABLES,
                "--format", "delta",
                "--mode", "incremental",
                "--checkpoint", CHECKPOINT,
                "--prefix", PREFIX,
            ],
        },
    )
