/**
 * The codec SPI ({@link io.zeroapi.codec.Codec}) and the default MessagePack codec ({@link
 * io.zeroapi.codec.MsgpackCodec}). Implement {@code Codec} only to change the payload encoding of
 * both ends; the wire framing belongs to the transport.
 */
package io.zeroapi.codec;
