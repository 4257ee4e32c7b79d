from celery import shared_task


@shared_task(name="employment_videos.process_video", queue="default", time_limit=600)
def process_video(video_id: int) -> str:
    from tenant_apps.employment.videos.services import video_process

    video = video_process(video_id=int(video_id))
    return video.status if video else "missing"
