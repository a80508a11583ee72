package ai.squared.syncruns;

import io.vertx.core.transport.Transport;

/**
 * The network transport Vert.x runs on, from TRANSPORT. {@code auto} takes epoll where there is one
 * (Linux), else Java NIO. io_uring is there to be chosen: it batches system calls, which are expensive
 * on virtual machines (bench S1 +37-75 % on the 2-core VM), but under the soak's mix at 300
 * connections its tail was four times epoll's and a few requests waited past the pool's bound (see
 * the README). A transport named explicitly must be available.
 */
final class TransportChoice {
  private TransportChoice() {
  }

  static Transport of(String name) {
    return switch (name) {
      case "auto" -> Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
      case "io_uring" -> required(Transport.IO_URING);
      case "epoll" -> required(Transport.EPOLL);
      case "nio" -> Transport.NIO;
      default -> throw new IllegalArgumentException("unknown transport: " + name);
    };
  }

  private static Transport required(Transport transport) {
    if (!transport.available()) {
      throw new IllegalStateException("TRANSPORT=" + transport.name() + " is not available on this host: "
          + transport.unavailabilityCause());
    }
    return transport;
  }
}
