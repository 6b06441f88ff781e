/** Typed rows of the canned queries, for callers outside Spark. */
package io.pinpipe.query.results;
