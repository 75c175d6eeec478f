package io.appnet.openflow.message;

/** Asks for every port's {@link PortDescription} ({@code OFPMP_PORT_DESC}, empty body). */
public record PortDescRequest() implements MultipartRequestBody {
    @Override
    public int multipartType() {
        return MultipartType.PORT_DESC.code();
    }
}
