"""Albums API: the same pages as H5 and the back office: albums (all / mine), create, edit,
delete, photos and upload, review, indexing progress, and the face search (consent + enrolment,
photos found, withdrawal, statistics)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from tenant_apps.alumni.albums import selectors, services
from tenant_apps.alumni.albums.api import serializers as s
from tenant_apps.alumni.albums.models import Album, AlbumPhoto


def _visible(request, pk) -> Album:
    album = Album.objects.filter(pk=pk, deleted_at__isnull=True).first()
    if album is None or not selectors.may_view_album(request.user, album):
        raise Http404
    return album


def _input(data) -> services.AlbumInput:
    return services.AlbumInput(**data)


class AlbumListAPI(TenantListAPIView):
    serializer_class = s.AlumniAlbumSerializer
    permission_map = {"GET": "", "POST": ""}

    def get_queryset(self):
        if self.request.query_params.get("scope") == "mine":
            return selectors.albums_of(self.request.user)
        return selectors.albums_visible(self.request.user, keyword=self.request.query_params.get("q", "").strip())

    @extend_schema(summary="相册列表（全部相册 / 我的相册）", operation_id="alumni_albums_album_list",
                   parameters=[OpenApiParameter("scope", str, enum=["all", "mine"]), OpenApiParameter("q", str)],
                   responses={200: s.AlumniAlbumSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="新建相册（校友创建的须审核）", operation_id="alumni_albums_album_create", request=s.AlumniAlbumWriteSerializer,
                   responses={201: s.AlumniAlbumSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = s.AlumniAlbumWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        album = services.album_create(actor=request.user, data=_input(data.validated_data))
        return Response(s.AlumniAlbumSerializer(album).data, status=status.HTTP_201_CREATED)


class AlbumDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "PUT": "", "DELETE": ""}

    @extend_schema(summary="相册详情", operation_id="alumni_albums_album_detail", responses={200: s.AlumniAlbumSerializer, **error_responses(401, 404)})
    def get(self, request, pk: int):
        return Response(s.AlumniAlbumSerializer(_visible(request, pk)).data)

    @extend_schema(summary="修改相册（创建人或管理员）", operation_id="alumni_albums_album_update", request=s.AlumniAlbumWriteSerializer,
                   responses={200: s.AlumniAlbumSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk: int):
        data = s.AlumniAlbumWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        album = services.album_update(actor=request.user, album=_visible(request, pk), data=_input(data.validated_data))
        return Response(s.AlumniAlbumSerializer(album).data)

    @extend_schema(summary="删除相册（照片与人脸索引一并删除）", operation_id="alumni_albums_album_delete", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        services.album_delete(actor=request.user, album=_visible(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AlbumPhotoListAPI(TenantListAPIView):
    serializer_class = s.AlumniAlbumPhotoSerializer
    permission_map = {"GET": "", "POST": ""}
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.album_photos(_visible(self.request, self.kwargs["pk"]), self.request.user)

    @extend_schema(summary="相册照片", operation_id="alumni_albums_photo_list", responses={200: s.AlumniAlbumPhotoSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="上传照片（按相册上传权限；非创建人的照片须审核）", operation_id="alumni_albums_photo_upload",
                   request={"multipart/form-data": s.AlumniAlbumPhotoUploadSerializer}, responses={201: s.AlumniAlbumPhotoSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        album = _visible(request, pk)
        data = s.AlumniAlbumPhotoUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        photo = services.photo_upload(actor=request.user, album=album, image=data.validated_data["image"], caption=data.validated_data["caption"])
        return Response(s.AlumniAlbumPhotoSerializer(photo, context={"request": request}).data, status=status.HTTP_201_CREATED)


class AlbumReviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_albums.review_album"}

    @extend_schema(summary="审核相册（不通过须填原因）", operation_id="alumni_albums_album_review", request=s.AlumniAlbumReviewSerializer,
                   responses={200: s.AlumniAlbumSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        data = s.AlumniAlbumReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        album = services.album_review(actor=request.user, album=get_object_or_404(Album, pk=pk, deleted_at__isnull=True), **data.validated_data)
        return Response(s.AlumniAlbumSerializer(album).data)


class AlbumIndexAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": "alumni_albums.change_album"}

    @extend_schema(summary="人脸索引进度", operation_id="alumni_albums_index_progress", responses={200: s.AlumniAlbumProgressSerializer, **error_responses(401, 404)})
    def get(self, request, pk: int):
        return Response(selectors.index_progress(_visible(request, pk)))

    @extend_schema(summary="开始后台索引未处理的照片", operation_id="alumni_albums_index_start", request=None,
                   responses={202: s.AlumniAlbumProgressSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk: int):
        album = get_object_or_404(Album, pk=pk, deleted_at__isnull=True)
        services.album_index_start(actor=request.user, album=album)
        return Response(selectors.index_progress(album), status=status.HTTP_202_ACCEPTED)


class PhotoReviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_albums.review_album"}

    @extend_schema(summary="审核照片（不通过须填原因）", operation_id="alumni_albums_photo_review", request=s.AlumniAlbumReviewSerializer,
                   responses={200: s.AlumniAlbumPhotoSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        data = s.AlumniAlbumReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        photo = services.photo_review(actor=request.user, photo=get_object_or_404(AlbumPhoto, pk=pk), **data.validated_data)
        return Response(s.AlumniAlbumPhotoSerializer(photo, context={"request": request}).data)


class PhotoDeleteAPI(TenantAPIMixin, APIView):
    permission_map = {"DELETE": ""}

    @extend_schema(summary="删除照片（上传人或审核人）", operation_id="alumni_albums_photo_delete", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        photo = get_object_or_404(AlbumPhoto, pk=pk)
        if not selectors.may_see_photo(request.user, photo):
            raise Http404
        services.photo_delete(actor=request.user, photo=photo)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewQueueAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_albums.review_album"}

    @extend_schema(summary="审核队列（待审核相册与照片）", operation_id="alumni_albums_review_queue", responses={200: s.AlumniAlbumReviewQueueSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response({"albums": s.AlumniAlbumSerializer(selectors.albums_pending_review()[:100], many=True).data,
                         "photos": s.AlumniAlbumPhotoSerializer(selectors.photos_pending_review()[:200], many=True, context={"request": request}).data})


class FaceEnrolmentAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": "", "DELETE": ""}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _state(self, request) -> dict:
        enrolment = selectors.enrolment_of(request.user)
        return {"is_enrolled": enrolment is not None, "consented_at": enrolment.consent.consented_at if enrolment else None,
                "expires_at": enrolment.consent.expires_at if enrolment else None, "consent_version": services.CONSENT_VERSION,
                "consent_text": services.consent_text()}

    @extend_schema(summary="我的人脸查找状态与告知书", operation_id="alumni_albums_face_status", responses={200: s.AlumniFaceEnrolmentSerializer, **error_responses(401)})
    def get(self, request):
        return Response(s.AlumniFaceEnrolmentSerializer(self._state(request)).data)

    @extend_schema(summary="单独同意并录入本人人脸（自拍）", operation_id="alumni_albums_face_enrol", request={"multipart/form-data": s.AlumniFaceEnrolSerializer},
                   responses={201: s.AlumniFaceEnrolmentSerializer, **error_responses(400, 401, 409)})
    def post(self, request):
        data = s.AlumniFaceEnrolSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.face_enrol(actor=request.user, selfie=data.validated_data["selfie"], agreed=data.validated_data["agreed"],
                            text_version=data.validated_data["consent_version"])
        return Response(s.AlumniFaceEnrolmentSerializer(self._state(request)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="撤回同意（人脸特征立即删除）", operation_id="alumni_albums_face_withdraw", responses={204: None, **error_responses(401)})
    def delete(self, request):
        services.face_withdraw(actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FacePhotosAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(summary="找到的我的照片（只用本人录入的人脸）", operation_id="alumni_albums_face_photos",
                   responses={200: s.AlumniFaceFoundSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        found = services.face_search(actor=request.user)[:500]
        context = {"request": request}
        return Response([{"photo": s.AlumniAlbumPhotoSerializer(f.photo, context=context).data, "album_title": f.photo.album.title, "distance": f.distance}
                         for f in found])


class FaceStatisticsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_albums.view_face_statistics"}

    @extend_schema(summary="人脸查找统计", operation_id="alumni_albums_face_statistics", responses={200: s.AlumniFaceStatisticsSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(s.AlumniFaceStatisticsSerializer(selectors.face_statistics()).data)
