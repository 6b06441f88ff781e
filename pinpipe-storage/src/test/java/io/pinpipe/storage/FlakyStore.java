package io.pinpipe.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real store and fails chosen operations on demand: an outage without waiting for SDK
 * retries. Only the fault is fake; every successful call goes to the real store.
 */
final class FlakyStore implements ObjectStore {
  final ObjectStore delegate;
  /** Fail the next N creates. */
  final AtomicInteger failCreates = new AtomicInteger();
  /** Every operation fails while set. */
  final AtomicBoolean failAll = new AtomicBoolean();
  /** Faults injected so far. */
  final AtomicInteger served = new AtomicInteger();

  FlakyStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  private void maybeFail(String op, String key, boolean create) {
    if (failAll.get() || (create && failCreates.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0)) {
      served.incrementAndGet();
      throw new StorageException("Cannot " + op + " " + key + ": injected fault", null);
    }
  }

  @Override
  public void create(String key, byte[] content, Map<String, String> metadata) {
    maybeFail("create", key, true);
    delegate.create(key, content, metadata);
  }

  @Override
  public List<String> list(String prefix) {
    maybeFail("list", prefix, false);
    return delegate.list(prefix);
  }

  @Override
  public Optional<Map<String, String>> metadata(String key) {
    maybeFail("head", key, false);
    return delegate.metadata(key);
  }

  @Override
  public byte[] get(String key) {
    maybeFail("get", key, false);
    return delegate.get(key);
  }
}
