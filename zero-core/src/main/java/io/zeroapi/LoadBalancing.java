package io.zeroapi;

/**
 * How a client over several endpoints picks the endpoint of each call ({@link
 * ZeroClient.Builder#loadBalancing(LoadBalancing)}).
 */
public enum LoadBalancing {
  /**
   * The default: pick two endpoints at random and call the one with fewer calls in flight from
   * this client ("power of two choices"). A slow or overloaded endpoint accumulates calls in
   * flight and so receives few new ones.
   */
  LEAST_IN_FLIGHT,

  /** Each endpoint in turn, whatever its load; for uniform, cheap calls. */
  ROUND_ROBIN
}
