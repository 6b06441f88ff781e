package io.pinpipe.examples.cli;

import io.pinpipe.ingest.rest.GatewayAuth;
import io.pinpipe.ingest.rest.RestGateway;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe gateway}: the REST Proxy v2 gateway in the foreground until Ctrl-C. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Run the REST Proxy v2 compatible gateway until Ctrl-C.",
      "Set PINPIPE_GATEWAY_API_KEY to require that key in the x-api-key header."
    })
final class GatewayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--port", paramLabel = "P", defaultValue = "8082", description = "port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "interface (default: ${DEFAULT-VALUE}; 0.0.0.0 for all)")
  String host;

  @Option(names = "--base-path", paramLabel = "PATH", defaultValue = "", description = "path prefix such as /prod (default: none)")
  String basePath;

  @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "1048576", description = "largest request body (default: ${DEFAULT-VALUE})")
  int maxBodyBytes;

  @Option(names = "--max-in-flight-bytes", paramLabel = "N", defaultValue = "67108864", description = "memory budget for requests in flight (default: ${DEFAULT-VALUE})")
  int maxInFlightBytes;

  @Override
  public Integer call() throws InterruptedException {
    String apiKey = System.getenv("PINPIPE_GATEWAY_API_KEY");
    RestGateway.Builder builder = UsageErrors.check(spec, () -> RestGateway.builder(kafka.clientProperties())
        .host(host).port(port).basePath(basePath).maxBodyBytes(maxBodyBytes).maxInFlightBytes(maxInFlightBytes)
        .auth(apiKey == null ? GatewayAuth.none() : GatewayAuth.apiKey("x-api-key", apiKey)));
    RestGateway gateway = builder.start();
    System.out.println("REST gateway at " + gateway.uri() + (apiKey == null ? "" : " (x-api-key required)"));
    System.out.println("  try: curl -s " + gateway.uri() + "/topics");
    UntilInterrupted.serve(gateway);
    return 0;
  }
}
