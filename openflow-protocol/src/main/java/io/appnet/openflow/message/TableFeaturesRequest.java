package io.appnet.openflow.message;

/**
 * Asks for every table's features ({@code OFPMP_TABLE_FEATURES} with an empty body). A body would ask the switch
 * to change its tables; appnet never sends one.
 */
public record TableFeaturesRequest() implements MultipartRequestBody {
    @Override
    public int multipartType() {
        return MultipartType.TABLE_FEATURES.code();
    }
}
