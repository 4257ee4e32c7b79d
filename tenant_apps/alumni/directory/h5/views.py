"""Directory on the phone: search (privacy inside the query), a person's card, find by QR,
my card and privacy, business-card exchange and mentoring through the relay."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.alumni.directory import selectors, services
from tenant_apps.alumni.directory.enums import PRIVACY_FIELDS, Visibility
from tenant_apps.alumni.directory.models import MentorOffer, Profile


class DirectoryMixin(H5Mixin):
    """Verified alumni only; others are sent to the join page."""

    needs_profile = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.needs_profile and selectors.profile_of(request.user) is None:
            if kwargs:  # a person, card or QR: nothing to reach without a profile (answers like a missing object)
                raise Http404
            messages.error(request, "认证通过的校友才能使用校友录，请先加入校友会。")
            return redirect("h5:alumni:join")
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("h5:alumni_directory:search"))

    @property
    def me(self) -> Profile:
        return selectors.profile_of(self.request.user)

    def profile(self, pk) -> Profile:
        profile = Profile.objects.filter(pk=int(pk), listed=True, is_deceased=False).select_related("member").first()
        if profile is None and int(pk) == getattr(self.me, "pk", None):
            profile = self.me
        if profile is None:
            raise Http404
        return profile


class SearchView(DirectoryMixin, TemplateView):
    template_name = "alumni_directory/h5/search.html"
    page_title = "校友录"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.DirectorySearch.from_query(self.request.GET)
        page = Paginator(selectors.directory_search(viewer=self.me, search=search), 20).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(search=search, page_obj=page, query=params.urlencode())
        return context


class ProfileView(DirectoryMixin, TemplateView):
    template_name = "alumni_directory/h5/profile.html"
    page_title = "校友名片"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = self.profile(self.kwargs["pk"])
        card = selectors.profile_card(viewer=self.me, profile=profile)
        labels = [(name, label, card.get(name)) for name, label, _ in PRIVACY_FIELDS]
        context.update(profile=profile, card=card, labels=labels, mine=profile.pk == self.me.pk, pending=selectors.pending_card(self.me, profile),
                       mentor=MentorOffer.objects.filter(profile=profile, is_active=True).first())
        return context

    def post(self, request, *args, **kwargs):
        profile = self.profile(kwargs["pk"])
        card = services.card_request(user=request.user, receiver=profile, message=request.POST.get("message", ""))
        messages.success(request, "名片交换请求已发送，对方同意后双方可以看到联系方式。")
        return redirect("h5:alumni_directory:card", pk=card.pk)


class QRFindView(DirectoryMixin, TemplateView):
    """找校友: scanning a person's QR opens their card."""

    def get(self, request, token):
        profile = Profile.objects.filter(member__qr_token=token, is_deceased=False).first()
        if profile is None or (not profile.listed and profile.pk != self.me.pk):
            raise Http404
        return redirect("h5:alumni_directory:profile", pk=profile.pk)


class MyProfileView(DirectoryMixin, TemplateView):
    template_name = "alumni_directory/h5/my_profile.html"
    page_title = "我的名片与隐私"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        me = self.me
        url = self.request.build_absolute_uri(reverse("h5:alumni_directory:qr", args=[me.member.qr_token]))
        rows = [(name, label, getattr(me, name) if hasattr(me, name) else "", getattr(me, f"vis_{name}")) for name, label, _ in PRIVACY_FIELDS]
        context.update(me=me, rows=rows, visibilities=Visibility.choices, qr=segno.make(url, error="m").svg_inline(scale=4), qr_url=url,
                       editable={"region", "industry", "employer", "job_title", "phone", "email", "wechat"})
        return context

    def post(self, request, *args, **kwargs):
        data = {key: request.POST.get(key, "").strip() for key in ("region", "industry", "employer", "job_title", "phone", "email", "wechat", "bio")}
        data["listed"] = request.POST.get("listed") == "on"
        visibility = {name: request.POST.get(f"vis_{name}", "") for name, _, _ in PRIVACY_FIELDS}
        services.profile_update(user=request.user, data=data, visibility=visibility)
        messages.success(request, "已保存。隐私设置在搜索中同样生效。")
        return redirect("h5:alumni_directory:my_profile")


class CardListView(DirectoryMixin, TemplateView):
    template_name = "alumni_directory/h5/cards.html"
    page_title = "名片交换"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(cards=selectors.cards_for(self.me)[:50], me=self.me)
        return context


class CardView(DirectoryMixin, TemplateView):
    template_name = "alumni_directory/h5/card.html"
    page_title = "名片交换"

    def card(self):
        card = selectors.card_for_party(profile=self.me, pk=int(self.kwargs["pk"]))
        if card is None:
            raise Http404
        return card

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        card = self.card()
        other = card.receiver if card.sender_id == self.me.pk else card.sender
        context.update(card=card, other=other, other_card=selectors.profile_card(viewer=self.me, profile=other), incoming=card.receiver_id == self.me.pk,
                       relay=selectors.relay_messages(card=card))
        return context

    def post(self, request, *args, **kwargs):
        card = self.card()
        action = request.POST.get("action")
        if action in ("accept", "decline"):
            services.card_respond(user=request.user, card=card, accept=action == "accept")
            messages.success(request, "已同意交换名片。" if action == "accept" else "已婉拒。")
        elif action == "relay":
            services.relay_send(user=request.user, card=card, body=request.POST.get("body", ""))
        return redirect("h5:alumni_directory:card", pk=card.pk)


class MentorListView(DirectoryMixin, TemplateView):
    """Students may browse mentors and ask too (no profile needed for that)."""

    needs_profile = False
    template_name = "alumni_directory/h5/mentors.html"
    page_title = "校友导师"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.request.GET.get("topic", "").strip()
        me = self.me
        context.update(mentors=selectors.mentors(topic=topic)[:50], topic=topic, me=me, offer=MentorOffer.objects.filter(profile=me).first() if me else None,
                       mentorships=selectors.mentorships_for(self.request.user)[:30])
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "offer":
            services.mentor_offer_save(user=request.user, topics=request.POST.get("topics", "").replace("，", ",").split(","), introduction=request.POST.get("introduction", ""),
                                       is_active=request.POST.get("is_active") == "on")
            messages.success(request, "导师信息已保存。")
        else:
            mentor = MentorOffer.objects.filter(pk=int(request.POST.get("mentor", "0") or 0)).first()
            if mentor is None:
                raise Http404
            request_ = services.mentorship_request(user=request.user, mentor=mentor, topic=request.POST.get("topic", ""), message=request.POST.get("message", ""))
            messages.success(request, "请求已发送。")
            return redirect("h5:alumni_directory:mentorship", pk=request_.pk)
        return redirect("h5:alumni_directory:mentors")


class MentorshipView(DirectoryMixin, TemplateView):
    needs_profile = False
    template_name = "alumni_directory/h5/mentorship.html"
    page_title = "导师交流"

    def mentorship(self):
        item = selectors.mentorship_for_party(user=self.request.user, pk=int(self.kwargs["pk"]))
        if item is None:
            raise Http404
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.mentorship()
        context.update(item=item, is_mentor=item.mentor.profile.member.user_id == self.request.user.pk, relay=selectors.relay_messages(mentorship=item))
        return context

    def post(self, request, *args, **kwargs):
        item = self.mentorship()
        action = request.POST.get("action")
        if action in ("accept", "decline"):
            services.mentorship_respond(user=request.user, request=item, accept=action == "accept")
        else:
            services.relay_send(user=request.user, mentorship=item, body=request.POST.get("body", ""))
        return redirect("h5:alumni_directory:mentorship", pk=item.pk)
