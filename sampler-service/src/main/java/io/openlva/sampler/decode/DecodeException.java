package io.openlva.sampler.decode;

/** The decoder rejected a packet or produced a damaged frame: the stream restarts at the next keyframe. */
public class DecodeException extends Exception {

    public DecodeException(String message) {
        super(message);
    }
}
