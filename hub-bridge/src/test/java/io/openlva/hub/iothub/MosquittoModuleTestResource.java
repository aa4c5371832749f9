package io.openlva.hub.iothub;

/** hub-bridge as an IoT Edge module client (ModuleId, behind a gateway) on the test broker. */
public class MosquittoModuleTestResource extends MosquittoTestResource {

    public static final String MODULE_ID = "lvaEdge";

    @Override
    protected String moduleId() {
        return MODULE_ID;
    }
}
