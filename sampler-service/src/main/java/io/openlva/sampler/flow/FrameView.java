package io.openlva.sampler.flow;

import io.openlva.sampler.image.ImagePreparer.GreyImage;
import io.openlva.sampler.image.ImageRequest;
import io.openlva.sampler.image.PreparedImage;

/** One decoded frame as the steps see it; pixels are converted only when a step asks, once per frame. */
public interface FrameView {

    long mediaTimeUs();

    long captureTimeMs();

    int width();

    int height();

    GreyImage grey();

    PreparedImage image(ImageRequest request);
}
