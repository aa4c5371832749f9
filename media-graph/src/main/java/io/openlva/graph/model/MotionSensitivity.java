package io.openlva.graph.model;

public enum MotionSensitivity {
    LOW, MEDIUM, HIGH
}
