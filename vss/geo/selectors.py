from django.db.models import Q, QuerySet

from .models import Village


def village_search(query: str, limit: int = 20) -> QuerySet[Village]:
    villages = Village.objects.select_related("commune__district__province")
    query = query.strip()
    if query.isdigit():
        villages = villages.filter(code__startswith=query)
    else:
        villages = villages.filter(Q(name_en__icontains=query) | Q(name_km__icontains=query))
    return villages.order_by("code")[:limit]


def village_label(village: Village) -> str:
    commune = village.commune
    district = commune.district
    return ", ".join(p.localized_name for p in (village, commune, district, district.province))
