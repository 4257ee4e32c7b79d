"""Videos API: teachers upload (multipart; processing runs in a worker), edit, publish and
delete; signed-in users list what they may watch and report plays."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.employment.videos import selectors, services, streaming
from tenant_apps.employment.videos.api import serializers as s

TAGS = ["就业-在线视频"]


class VideosAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def video(self, pk):
        video = selectors.video_get(pk=int(pk))
        if video is None:
            raise NotFound("视频不存在。")
        return video


class VideoListAPI(VideosAPI):
    permission_map = {"GET": "employment_videos.view_video", "POST": "employment_videos.add_video"}
    serializer_class = s.VideoSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="employment_video_list", summary="视频库（全部状态）", tags=TAGS,
                   parameters=[OpenApiParameter("q", str), OpenApiParameter("category", str), OpenApiParameter("status", str)],
                   responses={200: s.VideoSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        params = request.query_params
        page = self.paginate_queryset(selectors.video_list(q=params.get("q", ""), category=params.get("category", ""), status=params.get("status", "")))
        return self.get_paginated_response(s.VideoSerializer(page, many=True).data)

    @extend_schema(operation_id="employment_video_upload", summary="上传视频（随后后台读取时长、生成封面）", tags=TAGS,
                   request={"multipart/form-data": s.VideoUploadSerializer}, responses={201: s.VideoSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        video = services.video_upload(actor=request.user, **self.parse(s.VideoUploadSerializer))
        return Response(s.VideoSerializer(video).data, status=status.HTTP_201_CREATED)


class VideoDetailAPI(VideosAPI):
    permission_map = {"GET": "employment_videos.view_video", "PUT": "employment_videos.change_video", "DELETE": "employment_videos.delete_video"}
    serializer_class = s.VideoSerializer
    parser_classes = [JSONParser]

    @extend_schema(operation_id="employment_video_get", summary="视频详情", tags=TAGS, responses={200: s.VideoSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.VideoSerializer(self.video(pk)).data)

    @extend_schema(operation_id="employment_video_update", summary="修改视频信息", tags=TAGS, request=s.VideoUpdateSerializer,
                   responses={200: s.VideoSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk):
        video = services.video_update(actor=request.user, video=self.video(pk), **self.parse(s.VideoUpdateSerializer))
        return Response(s.VideoSerializer(video).data)

    @extend_schema(operation_id="employment_video_delete", summary="删除视频", tags=TAGS, request=None, responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk):
        services.video_delete(actor=request.user, video=self.video(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VideoPublishAPI(VideosAPI):
    permission_map = {"POST": "employment_videos.change_video"}
    serializer_class = s.VideoPublishSerializer
    parser_classes = [JSONParser]

    @extend_schema(operation_id="employment_video_publish", summary="发布或取消发布", tags=TAGS, request=s.VideoPublishSerializer,
                   responses={200: s.VideoSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        video = services.video_set_published(actor=request.user, video=self.video(pk), is_published=self.parse(s.VideoPublishSerializer)["is_published"])
        return Response(s.VideoSerializer(video).data)


class VideoPublishedAPI(VideosAPI):
    permission_map = {"GET": ""}  # every signed-in user of the school
    serializer_class = s.VideoSerializer

    @extend_schema(operation_id="employment_video_published", summary="可观看的视频", tags=TAGS,
                   parameters=[OpenApiParameter("q", str), OpenApiParameter("category", str)],
                   responses={200: s.VideoSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.watchable_videos(q=request.query_params.get("q", ""), category=request.query_params.get("category", "")))
        return self.get_paginated_response(s.VideoSerializer(page, many=True, context={"url_prefix": "h5:employment_videos"}).data)


class VideoPlayAPI(VideosAPI):
    permission_map = {"POST": ""}
    serializer_class = s.VideoPlaySerializer

    @extend_schema(operation_id="employment_video_play", summary="记录一次播放（每人每天每视频计一次）", tags=TAGS, request=None,
                   responses={200: s.VideoPlaySerializer, **error_responses(401, 404, 409)})
    def post(self, request, pk):
        video = selectors.watchable_video_get(pk=int(pk))
        if video is None:
            raise NotFound("视频不存在。")
        counted = services.play_record(video=video, viewer_key=streaming.viewer_key(request), user=request.user)
        video.refresh_from_db(fields=["play_count"])
        return Response(s.VideoPlaySerializer({"counted": counted, "play_count": video.play_count}).data)
