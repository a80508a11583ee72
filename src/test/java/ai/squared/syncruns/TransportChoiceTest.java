package ai.squared.syncruns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

class TransportChoiceTest {

  @Test
  void autoTakesIoUringWhereTheKernelAllowsItElseEpollElseNio() {
    Transport expected = Transport.IO_URING.available() ? Transport.IO_URING
        : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
    assertThat(TransportChoice.of("auto")).isSameAs(expected);
  }

  @Test
  void aNamedTransportIsTakenWhenAvailableAndRefusedNamingTheCauseWhenNot() {
    for (Transport transport : new Transport[] {Transport.IO_URING, Transport.EPOLL}) {
      if (transport.available()) {
        assertThat(TransportChoice.of(transport.name())).isSameAs(transport);
      } else {
        assertThatThrownBy(() -> TransportChoice.of(transport.name()))
            .hasMessageStartingWith("TRANSPORT=" + transport.name() + " is not available on this host");
      }
    }
    assertThat(TransportChoice.of("nio")).isSameAs(Transport.NIO);
  }

  @Test
  void everyConfigurableNameIsKnown() {
    assertThat(AppConfig.TRANSPORTS).allSatisfy(name -> assertThat(TransportChoice.of(name)).isNotNull());
  }
}
