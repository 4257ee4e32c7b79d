"""A DNS server on 127.0.0.1 (UDP) that answers TXT queries from a dict, in DNS's wire format,
so the domain proof goes through dnspython's real resolver and a real socket."""

from __future__ import annotations

import socket
import threading

import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset


class FakeDNS:
    def __init__(self) -> None:
        self.txt: dict[str, list[str]] = {}
        self.silent = False  # drop queries: the resolver times out
        self.queries: list[str] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def publish(self, name: str, *values: str) -> None:
        self.txt[name.rstrip(".").lower()] = list(values)

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                query = dns.message.from_wire(data)
            except Exception:
                continue
            question = query.question[0]
            name = question.name.to_text().rstrip(".").lower()
            self.queries.append(name)
            if self.silent:
                continue
            response = dns.message.make_response(query)
            response.flags |= dns.flags.AA
            values = self.txt.get(name)
            if values is None:
                response.set_rcode(dns.rcode.NXDOMAIN)
            elif question.rdtype == dns.rdatatype.TXT:
                quoted = ['"' + value.replace('"', '\\"') + '"' for value in values]
                response.answer.append(dns.rrset.from_text(question.name, 300, dns.rdataclass.IN, dns.rdatatype.TXT, *quoted))
            self.sock.sendto(response.to_wire(), peer)

    def stop(self) -> None:
        self._stop.set()
        self.sock.close()
