package io.openlva.graph.model;

public enum ImageEncoding {
    JPEG("image/jpeg"), BMP("image/bmp"), PNG("image/png"), RAW("image/x-raw");

    private final String mimeType;

    ImageEncoding(String mimeType) {
        this.mimeType = mimeType;
    }

    public String mimeType() {
        return mimeType;
    }
}
