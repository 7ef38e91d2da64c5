"""An independent WHIP publisher built on aiortc (Debian's python3-aiortc): sends a test pattern and a tone.

Usage: whip_aiortc_publisher.py WHIP_URL SECONDS
Encodes ffmpeg's lavfi test sources (640x360 at 30 fps, a 440 Hz sine) with aiortc's own encoders, publishes them
to the WHIP URL, keeps publishing SECONDS, then ends with DELETE.
Prints one JSON line: {"status": 201, "video_codec": "...", "packets_sent": N}.
"""
import asyncio
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer


async def main(url: str, seconds: float) -> None:
    video = MediaPlayer("testsrc2=size=640x360:rate=30", format="lavfi")
    audio = MediaPlayer("sine=frequency=440:sample_rate=48000", format="lavfi")
    pc = RTCPeerConnection()
    pc.addTransceiver(video.video, direction="sendonly")
    pc.addTransceiver(audio.audio, direction="sendonly")
    await pc.setLocalDescription(await pc.createOffer())
    request = urllib.request.Request(
        url, data=pc.localDescription.sdp.encode(), method="POST", headers={"Content-Type": "application/sdp"})
    try:
        response = urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        raise SystemExit(f"WHIP POST answered {error.code}: {error.read().decode().strip()}")
    with response:
        status = response.status
        location = response.headers["Location"]
        answer = response.read().decode()
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
    await asyncio.sleep(seconds)
    sender = next(s for s in pc.getSenders() if s.track and s.track.kind == "video")
    codec = sender._RTCRtpSender__encoder.__class__.__name__ if hasattr(sender, "_RTCRtpSender__encoder") else ""
    stats = await sender.getStats()
    sent = sum(getattr(s, "packetsSent", 0) for s in stats.values() if getattr(s, "type", "") == "outbound-rtp")
    delete = urllib.request.Request(urllib.parse.urljoin(url, location), method="DELETE")
    urllib.request.urlopen(delete, timeout=10).close()
    await pc.close()
    print(json.dumps({"status": status, "video_codec": codec, "packets_sent": sent}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2])))
