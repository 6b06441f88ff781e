/**
 * The canned queries of SPEC section 5: {@link io.pinpipe.query.CannedQuery} (SQL resources), {@link
 * io.pinpipe.query.CleanTables} (register the tables), {@link io.pinpipe.query.Queries} (run them) and
 * {@link io.pinpipe.query.ResultFormat} (print them).
 */
package io.pinpipe.query;
