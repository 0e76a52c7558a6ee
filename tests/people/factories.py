import factory

from tanzim.people.models import Gender, Person
from tanzim.territory.models import Territory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name_ar = factory.Iterator(["محمد", "يوسف", "عبد الإله", "رشيد", "حسن"])
    last_name_ar = factory.Iterator(["العلوي", "بناني", "التازي", "المرابط"])
    first_name_latin = factory.Iterator(["Mohamed", "Youssef", "Abdelilah", "Rachid", "Hassan"])
    last_name_latin = factory.Iterator(["Alaoui", "Bennani", "Tazi", "Mrabet"])
    gender = Gender.MALE
    commune = factory.LazyFunction(lambda: Territory.objects.get(code="01.571.01.11"))
