package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** A Python server that handles requests like the original, called by a Java client with metadata, over ZeroMQ. */
class ZmqPythonServerMetadataTest extends AbstractPythonServerMetadataTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
