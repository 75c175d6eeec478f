"""Traffic probes run inside lab namespaces by the appnet test harness (io.appnet.ovs.harness).

  netprobe.py tcp-echo PORT                     echo every TCP connection's bytes back; prints "listening",
                                                then "peer IP PORT" for every connection
  netprobe.py udp-echo PORT [ADDRESS]           echo every datagram back to its sender (bound to ADDRESS, so
                                                replies leave from it on a multi-address host); prints "listening",
                                                then "peer IP PORT" for every datagram
  netprobe.py tcp-connect IP PORT TIMEOUT       exit 0 once a TCP connection is established
  netprobe.py tcp-exchange IP PORT DATA TIMEOUT send DATA, print what comes back until EOF or len(DATA)
  netprobe.py udp-exchange IP PORT DATA TIMEOUT send DATA (again every 200 ms), print the first reply
  netprobe.py tcp-stream IP PORT INTERVAL       one connection: send a numbered line every INTERVAL seconds
                                                and print "connected LOCALPORT", then "echo SEQ WALLCLOCK" per echoed line, until the
                                                connection ends ("ended REASON") or it is killed

Exit status: 0 success, 1 timed out or no reply, 2 refused or unreachable.
"""
import socket
import sys
import threading
import time


def tcp_echo(port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", port))
    server.listen(64)
    print("listening", flush=True)
    while True:
        conn, peer = server.accept()
        print("peer %s %d" % peer, flush=True)
        threading.Thread(target=echo_connection, args=(conn,), daemon=True).start()


def echo_connection(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            conn.sendall(data)


def udp_echo(port, address="0.0.0.0"):
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind((address, port))
    print("listening", flush=True)
    while True:
        data, peer = server.recvfrom(65536)
        print("peer %s %d" % peer, flush=True)
        server.sendto(data, peer)


def tcp_connect(ip, port, timeout):
    try:
        socket.create_connection((ip, port), timeout=timeout).close()
        return 0
    except socket.timeout:
        return 1
    except OSError as error:
        print(error, file=sys.stderr)
        return 2


def tcp_exchange(ip, port, data, timeout):
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection((ip, port), timeout=timeout) as conn:
            conn.sendall(data)
            reply = b""
            while len(reply) < len(data):
                conn.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = conn.recv(65536)
                if not chunk:
                    break
                reply += chunk
            sys.stdout.buffer.write(reply)
            return 0
    except socket.timeout:
        return 1
    except OSError as error:
        print(error, file=sys.stderr)
        return 2


def udp_exchange(ip, port, data, timeout):
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        while time.monotonic() < deadline:
            try:
                sock.sendto(data, (ip, port))
                sock.settimeout(min(0.2, max(0.01, deadline - time.monotonic())))
                reply, _ = sock.recvfrom(65536)
                sys.stdout.buffer.write(reply)
                return 0
            except socket.timeout:
                continue
            except OSError as error:
                print(error, file=sys.stderr)
                return 2
    return 1


def tcp_stream(ip, port, interval):
    conn = socket.create_connection((ip, port), timeout=5)
    conn.settimeout(None)
    print("connected %d" % conn.getsockname()[1], flush=True)
    received = [b""]

    def read_echoes():
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    print("ended eof", flush=True)
                    return
                received[0] += chunk
                while b"\n" in received[0]:
                    line, received[0] = received[0].split(b"\n", 1)
                    print("echo %s %.3f" % (line.decode(), time.time()), flush=True)
        except OSError as error:
            print("ended %s" % error, flush=True)

    reader = threading.Thread(target=read_echoes, daemon=True)
    reader.start()
    seq = 0
    try:
        while reader.is_alive():
            seq += 1
            conn.sendall(b"%d\n" % seq)
            time.sleep(interval)
    except OSError as error:
        print("ended %s" % error, flush=True)
    return 0


def main(args):
    verb = args[0]
    if verb == "tcp-echo":
        tcp_echo(int(args[1]))
    elif verb == "udp-echo":
        udp_echo(int(args[1]), *args[2:3])
    elif verb == "tcp-connect":
        return tcp_connect(args[1], int(args[2]), float(args[3]))
    elif verb == "tcp-exchange":
        return tcp_exchange(args[1], int(args[2]), args[3].encode(), float(args[4]))
    elif verb == "udp-exchange":
        return udp_exchange(args[1], int(args[2]), args[3].encode(), float(args[4]))
    elif verb == "tcp-stream":
        return tcp_stream(args[1], int(args[2]), float(args[3]))
    else:
        print(__doc__, file=sys.stderr)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
