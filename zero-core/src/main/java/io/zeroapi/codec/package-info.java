/**
 * The codec SPI ({@link io.zeroapi.codec.Codec}) and the default MessagePack codec ({@link
 * io.zeroapi.codec.MsgpackCodec}). A codec maps a value to the bytes of one MessagePack value and
 * back, nothing else: the wire framing, the raw TCP envelope and the error replies belong to the
 * transports and the runtime. Implement {@code Codec} only to change how values of both ends map to
 * MessagePack. This package depends on nothing of the library but its exception types.
 */
package io.zeroapi.codec;
