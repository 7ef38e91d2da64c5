"""An independent WHEP viewer built on aiortc (Debian's python3-aiortc): plays a stream and reports what it decoded.

Usage: whep_aiortc_viewer.py WHEP_URL SECONDS
Prints one JSON line: {"frames": N, "width": W, "height": H, "first_frame_s": T, "packets_received": N, "packets_lost": N}.
"""
import asyncio
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from aiortc import RTCPeerConnection, RTCSessionDescription


async def main(url: str, seconds: float) -> None:
    pc = RTCPeerConnection()
    pc.addTransceiver("video", direction="recvonly")
    result = {"frames": 0, "width": 0, "height": 0, "first_frame_s": None}
    started = time.monotonic()
    done = asyncio.Event()

    @pc.on("track")
    def on_track(track):
        async def consume():
            while not done.is_set():
                try:
                    frame = await asyncio.wait_for(track.recv(), timeout=1.0)
                except asyncio.TimeoutError:
                    continue
                except Exception:
                    return
                if result["first_frame_s"] is None:
                    result["first_frame_s"] = round(time.monotonic() - started, 3)
                result["frames"] += 1
                result["width"], result["height"] = frame.width, frame.height

        asyncio.ensure_future(consume())

    await pc.setLocalDescription(await pc.createOffer())
    request = urllib.request.Request(
        url, data=pc.localDescription.sdp.encode(), method="POST", headers={"Content-Type": "application/sdp"})
    try:
        response = urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        raise SystemExit(f"WHEP POST answered {error.code}: {error.read().decode().strip()}")
    with response:
        if response.status != 201:
            raise SystemExit(f"WHEP POST answered {response.status}")
        location = response.headers["Location"]
        answer = response.read().decode()
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
    await asyncio.sleep(seconds)
    done.set()
    # Packet counts tell a short frame count caused by the network apart from one caused by a starved decoder.
    for stats in (await pc.getStats()).values():
        if stats.type == "inbound-rtp" and stats.kind == "video":
            result["packets_received"], result["packets_lost"] = stats.packetsReceived, stats.packetsLost
    # Hang up the WHEP way first; closing the peer connection first would end the session by DTLS close_notify.
    delete = urllib.request.Request(urllib.parse.urljoin(url, location), method="DELETE")
    urllib.request.urlopen(delete, timeout=10).close()
    await pc.close()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2])))
