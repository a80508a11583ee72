package ai.squared.syncruns;

import io.vertx.core.transport.Transport;

/**
 * The network transport Vert.x runs on, from TRANSPORT. {@code auto} takes io_uring where the kernel
 * allows it, else epoll (Linux), else Java NIO. io_uring batches system calls, which are expensive on
 * virtual machines (bench S1 +37-75 % on the 2-core VM); Docker's default seccomp profile refuses
 * it, and then epoll is taken. A transport named explicitly must be available.
 */
final class TransportChoice {
  private TransportChoice() {
  }

  static Transport of(String name) {
    return switch (name) {
      case "auto" -> Transport.IO_URING.available() ? Transport.IO_URING
          : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
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
