package io.zeroapi.suite;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import java.util.concurrent.Executors;

/**
 * Over raw TCP with every call on the JDK's default virtual-thread scheduler: what a server does
 * without {@code --add-opens java.base/java.lang}.
 */
class TcpDefaultSchedulerWhereFunctionsRunTest extends AbstractWhereFunctionsRunTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }

  @Override
  protected ZeroServer.Builder configure(ZeroServer.Builder builder) {
    return builder.executor(Executors.newVirtualThreadPerTaskExecutor());
  }
}
