package io.pinpipe.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an S3 endpoint that injects faults on demand: {@link #fail} resets every open
 * connection and, for a while, answers every new request with an S3-style 5xx error; {@link #slow}
 * delays every forwarded chunk for a while. Loopback only.
 */
final class FaultyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger faultsServed = new AtomicInteger();
  private volatile long faultUntil;
  private volatile int faultStatus;
  private volatile boolean closed;
  private volatile long slowUntil;
  private volatile long slowDelayNanos;
  private final java.util.concurrent.atomic.AtomicLong forwardedToTarget = new java.util.concurrent.atomic.AtomicLong();

  FaultyProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "faulty-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Resets open connections and answers {@code status} to every request for {@code duration}. */
  void fail(int status, Duration duration) {
    faultStatus = status;
    faultUntil = System.nanoTime() + duration.toNanos();
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  /** Delays every forwarded chunk (both ways) by {@code delay} for {@code duration}. */
  void slow(Duration delay, Duration duration) {
    slowDelayNanos = delay.toNanos();
    slowUntil = System.nanoTime() + duration.toNanos();
  }

  /** Bytes forwarded from clients to the S3 endpoint so far (request heads and bodies). */
  long forwardedToTarget() {
    return forwardedToTarget.get();
  }

  int faultsServed() {
    return faultsServed.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (System.nanoTime() < faultUntil) {
          Thread thread = new Thread(() -> answerFault(client), "faulty-proxy-fault");
          thread.setDaemon(true);
          thread.start();
        } else {
          Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
          open.add(client);
          open.add(target);
          pipe(client, target, true);
          pipe(target, client, false);
        }
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void answerFault(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      int matched = 0;
      while (matched < 4) { // read the request head, then answer without waiting for the body
        int b = in.read();
        if (b < 0) {
          return;
        }
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String code = faultStatus == 503 ? "SlowDown" : "InternalError";
      String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>injected</Message></Error>";
      String response = "HTTP/1.1 " + faultStatus + " " + code + "\r\nContent-Type: application/xml\r\nContent-Length: "
          + body.length() + "\r\nConnection: close\r\n\r\n" + body;
      OutputStream out = client.getOutputStream();
      out.write(response.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      faultsServed.incrementAndGet();
    } catch (IOException e) {
      // the client gave up first: also a fault it must survive
    }
  }

  private void pipe(Socket from, Socket to, boolean toTarget) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (System.nanoTime() < slowUntil) {
            java.util.concurrent.locks.LockSupport.parkNanos(slowDelayNanos);
          }
          out.write(buffer, 0, n);
          out.flush();
          if (toTarget) {
            forwardedToTarget.addAndGet(n);
          }
        }
      } catch (IOException e) {
        // reset by fail() or by a peer
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "faulty-proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    open.forEach(FaultyProxy::closeQuietly);
  }
}
