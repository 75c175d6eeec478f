package io.appnet.compiler;

import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.util.PersistentMap;
import java.util.Optional;

/** A network and the flow tables compiled from it, per datapath. Immutable. */
public final class CompiledNetwork {

    private final Network network;
    private final PersistentMap<HostId, DatapathTables> datapaths;

    CompiledNetwork(Network network, PersistentMap<HostId, DatapathTables> datapaths) {
        this.network = network;
        this.datapaths = datapaths;
    }

    public Network network() {
        return network;
    }

    public PersistentMap<HostId, DatapathTables> datapaths() {
        return datapaths;
    }

    public Optional<DatapathTables> tables(HostId datapath) {
        return Optional.ofNullable(datapaths.get(datapath));
    }

    /** The tables of a datapath, failing with a clear message if there is no such datapath. */
    public DatapathTables tablesOf(HostId datapath) {
        return tables(datapath).orElseThrow(() -> new IllegalArgumentException("no datapath '" + datapath + "'"));
    }

    public long totalFlows() {
        long[] total = {0};
        datapaths.forEach((id, tables) -> total[0] += tables.size());
        return total[0];
    }
}
