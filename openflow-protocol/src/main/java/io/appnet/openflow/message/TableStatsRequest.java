package io.appnet.openflow.message;

/** Asks for every table's counters ({@code OFPMP_TABLE}, empty body). */
public record TableStatsRequest() implements MultipartRequestBody {
    @Override
    public int multipartType() {
        return MultipartType.TABLE.code();
    }
}
