package io.pinpipe.ingest.rest;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers errors Jetty raises before the gateway sees a request (a bad URI, headers too large) as JSON
 * with the status as {@code error_code}: never an HTML page or a stack trace.
 */
final class JsonErrorHandler implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : 500;
    String reason = HttpStatus.getMessage(status);
    JsonAnswer.send(response, status, JsonAnswer.error(status, reason == null ? "error" : reason), callback);
    return true;
  }
}
